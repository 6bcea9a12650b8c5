using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace Hero.Reporting;

/// <summary>Speaks a CI platform's log language: a collapsible group per task with its output tail,
/// an error annotation per failed or timed-out task (up to the platform's limit; the rest are named
/// in the summary), and a Markdown summary table. Lines go to the host through a callback.</summary>
public abstract class CiReporter
{
    private const int MaxGroupLines = 200;
    private readonly Action<string> _writeLine;
    private readonly Func<string, string?> _environment;
    private readonly List<HeroTaskResult> _notAnnotated = [];
    private int _annotations;

    protected CiReporter(Action<string> writeLine, Func<string, string?> environment)
    {
        _writeLine = writeLine;
        _environment = environment;
    }

    /// <summary>Errors a platform shows per step; beyond it annotations are dropped, so Hero lists them
    /// in the summary instead.</summary>
    protected abstract int AnnotationLimit { get; }

    public static CiPlatform Detect(IDictionary environment)
    {
        if (string.Equals(environment["GITHUB_ACTIONS"] as string, "true", StringComparison.OrdinalIgnoreCase)) return CiPlatform.GitHub;
        if (string.Equals(environment["TF_BUILD"] as string, "true", StringComparison.OrdinalIgnoreCase)) return CiPlatform.AzurePipelines;
        return CiPlatform.None;
    }

    public static CiReporter? Create(CiPlatform platform, Action<string> writeLine) =>
        Create(platform, writeLine, Environment.GetEnvironmentVariable);

    /// <summary>With the environment as a lookup, so a test can give the summary a folder of its own
    /// without changing the process's variables under tests that run at the same time.</summary>
    internal static CiReporter? Create(CiPlatform platform, Action<string> writeLine, Func<string, string?> environment)
    {
        if (platform == CiPlatform.Auto)
        {
            // Two lookups, not a copy of the whole environment: this runs for every task.
            var markers = new Hashtable
            {
                ["GITHUB_ACTIONS"] = environment("GITHUB_ACTIONS"),
                ["TF_BUILD"] = environment("TF_BUILD"),
            };
            platform = Detect(markers);
        }

        return platform switch
        {
            CiPlatform.GitHub => new GitHubReporter(writeLine, environment),
            CiPlatform.AzurePipelines => new AzurePipelinesReporter(writeLine, environment),
            _ => null,
        };
    }

    public abstract string GroupStart(string title);

    public abstract string GroupEnd();

    protected abstract string Annotation(string title, string message);

    protected abstract string WarningAnnotation(string title, string message);

    protected abstract void PublishSummary(string markdown);

    protected void WriteLine(string line) => _writeLine(line);

    protected string? Variable(string name) => _environment(name);

    /// <summary>A finished task: its group (with the output tails) and, if it failed, its annotation.</summary>
    public void TaskFinished(HeroTaskResult result)
    {
        Group(result);
        Annotate(result);
    }

    /// <summary>A finished task's group with its output tails, without an annotation.</summary>
    public void Group(HeroTaskResult result)
    {
        _writeLine(GroupStart(Title(result)));
        foreach (string line in TailLines(result.StdOut).Concat(TailLines(result.StdErr)))
        {
            _writeLine(line);
        }

        _writeLine(GroupEnd());
    }

    /// <summary>The error annotation of a failed task, within the platform's limit.</summary>
    public void Annotate(HeroTaskResult result)
    {
        if (NeedsAnnotation(result))
        {
            if (_annotations < AnnotationLimit)
            {
                _annotations++;
                _writeLine(Annotation($"{result.Name}: {result.Status}", result.Message ?? $"exit code {result.ExitCode}"));
            }
            else
            {
                _notAnnotated.Add(result);
            }
        }
    }

    public void BatchFinished(IReadOnlyCollection<HeroTaskResult> results) => PublishSummary(Summary(results, _notAnnotated));

    /// <summary>An error annotation of anything else (a failed objective), within the same limit;
    /// false when the limit had been reached and nothing was written.</summary>
    public bool Error(string title, string message)
    {
        if (_annotations >= AnnotationLimit) return false;
        _annotations++;
        _writeLine(Annotation(title, message));
        return true;
    }

    public void Warning(string title, string message) => _writeLine(WarningAnnotation(title, message));

    /// <summary>Markdown of any kind (an SLO table) to the step summary.</summary>
    public void Publish(string markdown) => PublishSummary(markdown);

    public static bool NeedsAnnotation(HeroTaskResult result) =>
        result.Status is HeroTaskStatus.Failed or HeroTaskStatus.TimedOut or HeroTaskStatus.Stalled or HeroTaskStatus.StartFailed;

    private static string Title(HeroTaskResult result) =>
        $"{result.Name}: {result.Status} (exit code {result.ExitCode}, {result.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)}s"
        + (result.Attempts > 1 ? $", {result.Attempts} attempts)" : ")");

    private static IEnumerable<string> TailLines(string text)
    {
        if (string.IsNullOrEmpty(text)) return [];
        string[] lines = text.Replace("\r\n", "\n").TrimEnd('\n').Split('\n');
        return lines.Skip(Math.Max(0, lines.Length - MaxGroupLines));
    }

    /// <summary>The Markdown table, with LF line ends on every platform (Markdown readers take
    /// either; one form keeps the output the same everywhere).</summary>
    public static string Summary(IReadOnlyCollection<HeroTaskResult> results, IReadOnlyCollection<HeroTaskResult> notAnnotated)
    {
        var builder = new StringBuilder();
        string counts = string.Join(", ", results.GroupBy(r => r.Status).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}"));
        builder.Append($"### Hero: {results.Count} task(s), {counts}").Append('\n');
        builder.Append('\n');
        builder.Append("| Task | Status | Exit code | Attempts | Duration | Message |").Append('\n');
        builder.Append("|---|---|---:|---:|---:|---|").Append('\n');
        foreach (HeroTaskResult result in results)
        {
            string icon = result.Succeeded ? "✅" : result.Status == HeroTaskStatus.Skipped ? "⏭️" : "❌";
            builder.Append($"| {Cell(result.Name)} | {icon} {result.Status} | {result.ExitCode} | {result.Attempts} | {result.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)}s | {Cell(result.Message ?? string.Empty)} |").Append('\n');
        }

        if (notAnnotated.Count > 0)
        {
            builder.Append('\n');
            builder.Append($"**{notAnnotated.Count} more failure(s) beyond the annotation limit:** " + string.Join(", ", notAnnotated.Select(r => $"`{r.Name}` ({r.Status})"))).Append('\n');
        }

        return builder.ToString();
    }

    internal static string AzureEscape(string text) => AzurePipelinesReporter.Escape(text);

    private static string Cell(string text) => text.Replace("|", "\\|").Replace("\r", " ").Replace("\n", " ");

    private sealed class GitHubReporter(Action<string> writeLine, Func<string, string?> environment) : CiReporter(writeLine, environment)
    {
        // GitHub shows at most 10 error annotations per step.
        protected override int AnnotationLimit => 10;

        public override string GroupStart(string title) => "::group::" + Data(title);

        public override string GroupEnd() => "::endgroup::";

        protected override string Annotation(string title, string message) => $"::error title={Property(title)}::{Data(message)}";

        protected override string WarningAnnotation(string title, string message) => $"::warning title={Property(title)}::{Data(message)}";

        protected override void PublishSummary(string markdown)
        {
            string? path = Variable("GITHUB_STEP_SUMMARY");
            if (string.IsNullOrEmpty(path)) return;
            File.AppendAllText(path!, markdown + "\n", new UTF8Encoding(false));
        }

        // The toolkit's escapeData and escapeProperty (@actions/core, command.ts), byte for byte.
        private static string Data(string text) => text.Replace("%", "%25").Replace("\r", "%0D").Replace("\n", "%0A");

        private static string Property(string text) => Data(text).Replace(":", "%3A").Replace(",", "%2C");
    }

    private sealed class AzurePipelinesReporter(Action<string> writeLine, Func<string, string?> environment) : CiReporter(writeLine, environment)
    {
        protected override int AnnotationLimit => 100;

        // ##[group] is a formatting line, not a command: the agent decodes nothing in it, so the
        // title only has to stay on one line.
        public override string GroupStart(string title) => "##[group]" + title.Replace("\r\n", " ").Replace("\r", " ").Replace("\n", " ");

        public override string GroupEnd() => "##[endgroup]";

        protected override string Annotation(string title, string message) => $"##vso[task.logissue type=error;]{Escape(title)}: {Escape(message)}";

        protected override string WarningAnnotation(string title, string message) => $"##vso[task.logissue type=warning;]{Escape(title)}: {Escape(message)}";

        protected override void PublishSummary(string markdown)
        {
            string folder = Variable("AGENT_TEMPDIRECTORY") ?? Path.GetTempPath();
            string path = Path.Combine(folder, $"hero-summary-{Guid.NewGuid():N}.md");
            File.WriteAllText(path, markdown, new UTF8Encoding(false));
            WriteLine("##vso[task.uploadsummary]" + Escape(path));
        }

        /// <summary>The mapping the agent decodes in a ##vso command's properties and data (and the
        /// task libraries encode): a multi-line message stays multi-line, and no ; or ] ends a property
        /// or the command early. '%' is left as it is: its own encoding, %AZP25, is decoded only by
        /// agents that opt in, and shows literally everywhere else, while a bare % reads right on every
        /// agent; only a literal %3B, %0D, %0A or %5D in the text would be read as its character.</summary>
        internal static string Escape(string text) =>
            text.Replace(";", "%3B").Replace("\r", "%0D").Replace("\n", "%0A").Replace("]", "%5D");
    }
}
