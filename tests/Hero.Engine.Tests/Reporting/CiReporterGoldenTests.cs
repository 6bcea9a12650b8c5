using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Hero.Reporting;
using Hero.Tests.Support;

namespace Hero.Tests.Reporting;

/// <summary>What the CI reporters print for a fixed set of results, against golden files, and the
/// Azure Pipelines lines read back the way the agent reads them.</summary>
public sealed class CiReporterGoldenTests : IDisposable
{
    private readonly string _scratch = Path.Combine(Path.GetTempPath(), "hero-ci-" + Guid.NewGuid().ToString("N"));

    public CiReporterGoldenTests() => Directory.CreateDirectory(_scratch);

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    private (List<string> Lines, string Summary) Run(CiPlatform platform)
    {
        var lines = new List<string>();
        string summaryFile = Path.Combine(_scratch, "step-summary.md");
        var environment = new Dictionary<string, string>
        {
            ["GITHUB_STEP_SUMMARY"] = summaryFile,
            ["AGENT_TEMPDIRECTORY"] = _scratch,
        };
        CiReporter reporter = CiReporter.Create(platform, lines.Add, name => environment.TryGetValue(name, out string? v) ? v : null)!;
        IReadOnlyList<HeroTaskResult> results = ReportFixtures.Results();
        foreach (HeroTaskResult result in results) reporter.TaskFinished(result);
        reporter.BatchFinished(results.ToList());

        string summary = platform == CiPlatform.GitHub
            ? File.ReadAllText(summaryFile)
            : File.ReadAllText(Directory.GetFiles(_scratch, "hero-summary-*.md").Single());
        return (lines, summary);
    }

    private static string Joined(IEnumerable<string> lines) => string.Join("\n", lines) + "\n";

    [Fact]
    public void GitHub_output_matches_its_golden_file()
    {
        (List<string> lines, string summary) = Run(CiPlatform.GitHub);
        Golden.Match("github.txt", Joined(lines));
        Golden.Match("summary.md", summary);
    }

    [Fact]
    public void Azure_Pipelines_output_matches_its_golden_file()
    {
        (List<string> lines, string summary) = Run(CiPlatform.AzurePipelines);
        // The summary's folder and file name are new each run.
        Golden.Match("azure.txt", Joined(lines.Select(l => Regex.Replace(
            l.Replace(_scratch + Path.DirectorySeparatorChar, "<temp>/"), "hero-summary-[0-9a-f]{32}", "hero-summary-<id>"))));
        Golden.Match("summary.md", summary + "\n");
    }

    /// <summary>The agent's reading of a logging command (Command.TryParse and its unescaping in the
    /// Azure Pipelines agent): the first ] after ##vso[ ends the command, properties split on ;, and
    /// %3B %0D %0A %5D are decoded in properties and data alike.</summary>
    private static (string Command, Dictionary<string, string> Properties, string Data) AgentRead(string line)
    {
        Assert.DoesNotContain('\r', line);
        Assert.DoesNotContain('\n', line);
        int start = line.IndexOf("##vso[", StringComparison.Ordinal) + 6;
        int end = line.IndexOf(']', start);
        string head = line.Substring(start, end - start);
        int space = head.IndexOf(' ');
        var properties = new Dictionary<string, string>();
        if (space > 0)
        {
            foreach (string pair in head.Substring(space + 1).Split([';'], StringSplitOptions.RemoveEmptyEntries))
            {
                int equals = pair.IndexOf('=');
                properties[pair.Substring(0, equals)] = Unescape(pair.Substring(equals + 1));
            }
        }

        return (space > 0 ? head.Substring(0, space) : head, properties, Unescape(line.Substring(end + 1)));
    }

    private static string Unescape(string text) =>
        text.Replace("%3B", ";").Replace("%0D", "\r").Replace("%0A", "\n").Replace("%5D", "]");

    [Fact]
    public void Azure_annotations_read_back_as_the_agent_reads_them_keep_every_line_and_character()
    {
        (List<string> lines, _) = Run(CiPlatform.AzurePipelines);
        List<string> issues = lines.Where(l => l.StartsWith("##vso[task.logissue", StringComparison.Ordinal)).ToList();
        List<HeroTaskResult> failed = ReportFixtures.Results().Where(CiReporter.NeedsAnnotation).ToList();
        Assert.Equal(failed.Count, issues.Count);
        for (int i = 0; i < failed.Count; i++)
        {
            (string command, Dictionary<string, string> properties, string data) = AgentRead(issues[i]);
            Assert.Equal("task.logissue", command);
            Assert.Equal(new Dictionary<string, string> { ["type"] = "error" }, properties);
            Assert.Equal($"{failed[i].Name}: {failed[i].Status}: {failed[i].Message}", data);
        }

        // The multi-line message of the fixture stays multi-line, and its ; ] and % come back whole.
        Assert.Contains(issues.Select(l => AgentRead(l).Data), d => d.Contains("1m.\nStopped the tree: 3 processes; 100% gone]", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("a;b", "a%3Bb")]
    [InlineData("a]b", "a%5Db")]
    [InlineData("line 1\r\nline 2", "line 1%0D%0Aline 2")]
    [InlineData("100%", "100%")]
    [InlineData("##vso[task.setvariable variable=x]y", "##vso[task.setvariable variable=x%5Dy")]
    public void Azure_escaping_follows_the_task_library_mapping(string text, string escaped)
    {
        Assert.Equal(escaped, CiReporter.AzureEscape(text));
    }

    [Fact]
    public void Azure_group_titles_stay_on_one_line_and_are_not_encoded()
    {
        CiReporter reporter = CiReporter.Create(CiPlatform.AzurePipelines, _ => { }, _ => null)!;
        Assert.Equal("##[group]a; b] c d", reporter.GroupStart("a; b] c\r\nd"));
    }
}
