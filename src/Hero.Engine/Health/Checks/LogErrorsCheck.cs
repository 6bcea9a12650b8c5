using System;
using System.IO;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Hero.Logging;
using Hero.Text;

namespace Hero.Health.Checks;

/// <summary>Kind "LogErrors": how many events of at least Level (default Error) a Hero (CLEF) log at
/// Path, with the files it rolled into, holds from the last Since (default 1 hour), optionally only
/// those whose rendered message Pattern matches; against Warning (default 1) and Critical (default
/// 10), both "at or over". Events are judged by their level field (@l), never by words such as
/// "error" in the text. Lines that are not events are skipped and counted in the message. Starts
/// nothing.</summary>
public sealed class LogErrorsCheck : HealthCheck
{
    internal static readonly string[] Keys = ["Path", "Since", "Level", "Pattern", "Warning", "Critical"];

    private string _path = string.Empty;
    private TimeSpan _since;
    private HeroLogLevel _level;
    private HealthPattern? _pattern;
    private NumericThreshold _warning = null!;
    private NumericThreshold _critical = null!;

    public override string Kind => "LogErrors";

    internal static LogErrorsCheck Create(HealthFields fields)
    {
        string level = fields.String("Level") ?? "Error";
        if (!HeroLoggingConfiguration.TryParseLevel(level, out HeroLogLevel parsed))
        {
            throw fields.Problem("Level", $"'{level}' is not a level; use Verbose, Debug, Information, Warning, Error or Fatal.");
        }

        return new LogErrorsCheck
        {
            _path = fields.String("Path", required: true)!,
            _since = fields.Duration("Since", TimeSpan.FromHours(1), allowInfinite: true),
            _level = parsed,
            _pattern = fields.Pattern("Pattern"),
            _warning = fields.Threshold("Warning", ">=") ?? NumericThreshold.Of(">=", 1),
            _critical = fields.Threshold("Critical", ">=") ?? NumericThreshold.Of(">=", 10),
        };
    }

    public override Task<HealthVerdict> CheckAsync(HealthContext context, CancellationToken cancel)
    {
        string path = context.Resolve(_path);
        if (!File.Exists(path)) return Task.FromResult(HealthVerdict.Error($"The log file '{path}' does not exist."));
        DateTime since = DurationParser.IsInfinite(_since) ? DateTime.MinValue : DateTime.UtcNow - _since;
        int count = 0;
        int badLines = 0;
        string? first = null;
        try
        {
            foreach (string file in ClefReader.WithRolledFiles(path))
            {
                foreach (HeroLogEvent logEvent in ClefReader.Read(file, (_, _, _) => badLines++))
                {
                    cancel.ThrowIfCancellationRequested();
                    if (logEvent.Level < _level || logEvent.Timestamp < since) continue;
                    if (_pattern is not null && !_pattern.IsMatch(logEvent.Message)) continue;
                    count++;
                    first ??= logEvent.Message;
                }
            }
        }
        catch (RegexMatchTimeoutException)
        {
            return Task.FromResult(HealthVerdict.Error(HealthPattern.TimedOutMessage("Pattern")));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Task.FromResult(HealthVerdict.Error($"The log file '{path}' could not be read: {e.Message}"));
        }

        string window = DurationParser.IsInfinite(_since) ? "in all" : "in the last " + DurationParser.Format(_since);
        string message = $"{count} event(s) of level {_level} or above {window} in {path}"
                         + (first is null ? "." : $"; the first: {Shorten(first)}")
                         + (badLines > 0 ? $" ({badLines} line(s) that are not events were skipped.)" : string.Empty);
        string threshold = $"warning {_warning}, critical {_critical}";
        HeroHealthStatus status = _critical.IsBreached(count) ? HeroHealthStatus.Critical
            : _warning.IsBreached(count) ? HeroHealthStatus.Warning
            : HeroHealthStatus.Healthy;
        return Task.FromResult(new HealthVerdict(status, count, threshold, message));
    }

    private static string Shorten(string text)
    {
        string line = text.Replace("\r", " ").Replace("\n", " ");
        return line.Length <= 200 ? line : line.Substring(0, 200) + "...";
    }
}
