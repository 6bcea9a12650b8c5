using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;
using System.Management.Automation;
using Hero.Correlation;
using Hero.Logging;
using Hero.PowerShell.Binding;
using Hero.PowerShell.Hosting;

namespace Hero.PowerShell.Commands;

/// <summary>Reads CLEF log files (and the files they rolled into) back into objects, oldest first,
/// filtered by level, correlation id, task and time.</summary>
[Cmdlet(VerbsCommon.Get, "HeroLog", DefaultParameterSetName = PathSet)]
[OutputType(typeof(HeroLogEvent))]
public sealed class GetHeroLogCommand : HeroCmdlet
{
    private readonly List<HeroLogEvent> _events = [];
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);
    private readonly HashSet<string> _resultSpans = new(StringComparer.OrdinalIgnoreCase);

    // Built at the first file read, not in BeginProcessing: a bad -Since still fails only once a
    // file is there to filter.
    private Func<HeroLogEvent, bool>? _matches;

    private const string PathSet = "Path";
    private const string ResultSet = "Result";

    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = PathSet)]
    [Parameter(Position = 0, ParameterSetName = ResultSet)]
    [Alias("FullName", "LiteralPath")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Path { get; set; }

    /// <summary>A task's result: its own events (and its attempts'), found by its span.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ResultSet)]
    [ValidateNotNull]
    public HeroTaskResult? Result { get; set; }

    /// <summary>Events of these spans, and of the spans inside them (a task's attempts).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? SpanId { get; set; }

    /// <summary>The lowest level returned.</summary>
    [Parameter]
    public HeroLogLevel Level { get; set; } = HeroLogLevel.Verbose;

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CorrelationId { get; set; }

    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string? Task { get; set; }

    /// <summary>A point in time, or a duration meaning "that long ago" ('10m').</summary>
    [Parameter]
    public object? Since { get; set; }

    protected override void ProcessRecord()
    {
        if (Result?.SpanId is { } span) _resultSpans.Add(span);
        if (ParameterSetName == ResultSet && _read.Count > 0) return; // the files are read; more spans only
        IEnumerable<string> paths = Path ?? (HeroLog.Settings.Path is { } configured ? [configured] : []);
        bool any = false;
        foreach (string given in paths)
        {
            foreach (string file in Resolve(given))
            {
                any = true;
                if (!_read.Add(System.IO.Path.GetFullPath(file))) continue; // Piped files and their rolled siblings overlap.
                _events.AddRange(ClefReader.Read(file, ReportBadLine).Where(_matches ??= Matches()));
            }
        }

        if (!any && Path is null)
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException("-Path: no log file was given and Set-HeroLogging has no -Path."), "HeroLogNoPath", ErrorCategory.InvalidArgument, null));
        }
    }

    protected override void EndProcessing()
    {
        // Several files (and processes) interleave: one stable order by time.
        foreach (HeroLogEvent logEvent in _events.Where(InResultSpans).OrderBy(e => e.Timestamp))
        {
            WriteObject(logEvent);
        }

        base.EndProcessing();
    }

    private IEnumerable<string> Resolve(string given)
    {
        if (WildcardPattern.ContainsWildcardCharacters(given))
        {
            Collection<string> resolved;
            try
            {
                resolved = GetResolvedProviderPathFromPSPath(given, out _);
            }
            catch (ItemNotFoundException e)
            {
                WriteError(new ErrorRecord(e, "HeroLogFileNotFound", ErrorCategory.ObjectNotFound, given));
                yield break;
            }

            foreach (string path in resolved) yield return path;
            yield break;
        }

        string full = PathResolver.FileSystemPath(this, given)!;
        IReadOnlyList<string> files = ClefReader.WithRolledFiles(full);
        if (files.Count == 0)
        {
            WriteError(new ErrorRecord(
                new System.IO.FileNotFoundException($"The log file '{full}' does not exist.", full), "HeroLogFileNotFound", ErrorCategory.ObjectNotFound, given));
        }

        foreach (string file in files) yield return file;
    }

    private void ReportBadLine(string file, int line, string problem)
    {
        WriteError(new ErrorRecord(
            new FormatException($"{file}:{line}: not a log event ({problem}); the line was skipped."),
            "HeroLogInvalidLine",
            ErrorCategory.InvalidData,
            $"{file}:{line}"));
    }

    private Func<HeroLogEvent, bool> Matches()
    {
        string? trace = CorrelationId is null ? null : TraceContext.ToTraceId(CorrelationId);
        var task = Task is null ? null : new WildcardPattern(Task, WildcardOptions.IgnoreCase);
        DateTime? since = SinceUtc();
        var spans = SpanId is null ? null : new HashSet<string>(SpanId, StringComparer.OrdinalIgnoreCase);
        return e => e.Level >= Level
                    && (trace is null || string.Equals(e.TraceId, trace, StringComparison.OrdinalIgnoreCase))
                    && (spans is null || InSpans(e, spans))
                    && (task is null || (e.Task is not null && task.IsMatch(e.Task)))
                    && (since is null || e.Timestamp >= since);
    }

    /// <summary>Piped results are known only as they arrive: their spans filter at the end.</summary>
    private bool InResultSpans(HeroLogEvent e) => ParameterSetName != ResultSet || InSpans(e, _resultSpans);

    private static bool InSpans(HeroLogEvent e, HashSet<string> spans) =>
        (e.SpanId is not null && spans.Contains(e.SpanId)) || (e.ParentSpanId is not null && spans.Contains(e.ParentSpanId));

    private DateTime? SinceUtc()
    {
        object? value = DictionaryConversion.Unwrap(Since);
        switch (value)
        {
            case null:
                return null;
            case DateTime time:
                return time.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(time, DateTimeKind.Local).ToUniversalTime() : time.ToUniversalTime();
            case DateTimeOffset offset:
                return offset.UtcDateTime;
            case string text when DateTime.TryParse(text, System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeLocal, out DateTime parsed) && text.Contains("-"):
                return parsed;
        }

        try
        {
            // Not a wait: '100d' ago is exact, and 'Infinite' (or more than the calendar holds) is
            // everything.
            TimeSpan ago = Text.DurationParser.ParseLength(DurationTransformationAttribute.AsTyped(Since));
            DateTime now = DateTime.UtcNow;
            return Text.DurationParser.IsInfinite(ago) || ago > now - DateTime.MinValue ? DateTime.MinValue : now - ago;
        }
        catch (FormatException e)
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException($"-Since: '{value}' is neither a date nor a duration ago ('10m', '2h'). {e.Message}"), "HeroLogInvalidSince", ErrorCategory.InvalidArgument, value));
            return null;
        }
    }
}
