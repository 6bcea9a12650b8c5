using System;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Display;

namespace Hero.Logging;

/// <summary>The file of a Hero log: Serilog's pipeline into the rolling, shared file sink behind a
/// bounded buffer. <see cref="HeroLogger"/> holds one only while a file is configured and reaches Serilog only
/// through it and through <see cref="LogEventBinder"/>, so a process that writes no log file and shows
/// no event never loads Serilog.</summary>
internal sealed class LogFile
{
    private readonly Logger _logger;
    private readonly BufferedSink _buffer;

    private LogFile(Logger logger, BufferedSink buffer)
    {
        _logger = logger;
        _buffer = buffer;
    }

    /// <summary>Events not written because the buffer was full.</summary>
    public long Dropped => _buffer.Dropped;

    public static LogFile Open(HeroLoggingConfiguration settings, string path)
    {
        ITextFormatter formatter = settings.Format == HeroLogFormat.Clef
            ? new ClefFormatter()
            : new MessageTemplateTextFormatter("{Timestamp:yyyy-MM-ddTHH:mm:ss.fffZ} [{Level:u3}] {Message:lj} {Properties:j} tr={TraceId} sp={SpanId}{NewLine}{Exception}");
        var buffer = new BufferedSink(new SharedLogFile(path, formatter, settings.MaxFileSize, settings.RetainedFileCount));
        return new LogFile(new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(buffer).CreateLogger(), buffer);
    }

    public void Write(LogEvent logEvent) => _logger.Write(logEvent);

    /// <inheritdoc cref="BufferedSink.Flush"/>
    public bool Flush(TimeSpan timeout) => _buffer.Flush(timeout);

    /// <summary>Writes what is queued (bounded) and closes the file.</summary>
    public void Close(TimeSpan timeout) => _buffer.Dispose(timeout);
}
