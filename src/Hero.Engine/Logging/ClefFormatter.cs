using System.IO;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Compact;

namespace Hero.Logging;

/// <summary>Compact JSON, one event per line, with @l written for every level: CLEF leaves it out
/// for Information, but a line that says its own level is easier to grep and to read back.</summary>
internal sealed class ClefFormatter : ITextFormatter
{
    private readonly CompactJsonFormatter _inner = new();

    public void Format(LogEvent logEvent, TextWriter output)
    {
        if (logEvent.Level != LogEventLevel.Information)
        {
            _inner.Format(logEvent, output);
            return;
        }

        using var buffer = new StringWriter();
        _inner.Format(logEvent, buffer);
        string line = buffer.ToString();

        // The line starts {"@t":"<timestamp>", and a timestamp holds no quote: @l goes right after it.
        int afterTime = line.IndexOf("\",", 7, System.StringComparison.Ordinal);
        output.Write(afterTime > 0
            ? line.Substring(0, afterTime + 2) + "\"@l\":\"Information\"," + line.Substring(afterTime + 2)
            : line);
    }
}
