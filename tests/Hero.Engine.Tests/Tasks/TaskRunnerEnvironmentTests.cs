using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.Versioning;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Hero.Heartbeats;
using Hero.Processes.Unix;
using Hero.Tasks;
using Hero.Tests.Support;

namespace Hero.Tests.Tasks;

/// <summary>TaskRunner against real processes: environment, trace context, standard input and working directory.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class TaskRunnerEnvironmentTests : TaskRunnerTestBase
{
    [UnixFact]
    public async Task Environment_adds_and_removes_variables()
    {
        const string inherited = "HERO_TEST_INHERITED_VARIABLE";
        Environment.SetEnvironmentVariable(inherited, "from-parent");
        try
        {
            HeroTaskDefinition definition = Sh("printf '%s|%s\\n' \"$HERO_TEST_ADDED\" \"${HERO_TEST_INHERITED_VARIABLE-unset}\"");
            definition.Environment = new Dictionary<string, string?>
            {
                ["HERO_TEST_ADDED"] = "a value with spaces = and ü",
                [inherited] = null,
            };

            HeroTaskResult result = await RunAsync(definition);

            Assert.Equal("a value with spaces = and ü|unset\n", result.StdOut);
        }
        finally
        {
            Environment.SetEnvironmentVariable(inherited, null);
        }
    }

    [UnixFact]
    public async Task The_child_inherits_the_parent_environment()
    {
        const string inherited = "HERO_TEST_INHERITED_KEEP";
        Environment.SetEnvironmentVariable(inherited, "kept");
        try
        {
            HeroTaskResult result = await RunAsync(Sh("printf '%s' \"$HERO_TEST_INHERITED_KEEP\""));
            Assert.Equal("kept", result.StdOut);
        }
        finally
        {
            Environment.SetEnvironmentVariable(inherited, null);
        }
    }

    [UnixFact]
    public async Task TRACEPARENT_and_the_correlation_id_are_set_in_the_child()
    {
        HeroTaskResult result = await RunAsync(Sh("printf '%s\\n%s\\n' \"$TRACEPARENT\" \"$HERO_CORRELATION_ID\""));

        string[] lines = result.StdOut.Split('\n');
        Assert.Matches(new Regex("^00-[0-9a-f]{32}-[0-9a-f]{16}-01$"), lines[0]);
        Assert.Equal(result.CorrelationId, lines[0].Substring(3, 32));
        Assert.Equal(result.CorrelationId, lines[1]);
    }

    [UnixFact]
    public async Task CorrelationId_is_carried_into_the_trace_id()
    {
        HeroTaskDefinition definition = Sh("printf '%s' \"$TRACEPARENT\"");
        definition.CorrelationId = "0af7651916cd43dd8448eb211c80319c";

        HeroTaskResult result = await RunAsync(definition);

        Assert.Equal("0af7651916cd43dd8448eb211c80319c", result.CorrelationId);
        Assert.StartsWith("00-0af7651916cd43dd8448eb211c80319c-", result.StdOut, StringComparison.Ordinal);
    }

    [UnixFact]
    public async Task StandardInput_reaches_the_child()
    {
        HeroTaskDefinition definition = Program("cat");
        definition.StandardInput = "line one\nzwei 🎉\n";

        HeroTaskResult result = await RunAsync(definition);

        Assert.Equal(HeroTaskStatus.Succeeded, result.Status);
        Assert.Equal("line one\nzwei 🎉\n", result.StdOut);
    }

    [UnixFact]
    public async Task Large_StandardInput_is_written_completely()
    {
        // More than a pipe buffer (64 KiB), so the writer must keep going while cat drains it.
        string input = string.Concat(Enumerable.Range(0, 30000).Select(i => i.ToString(CultureInfo.InvariantCulture) + "\n"));
        HeroTaskDefinition definition = Program("wc", "-c");
        definition.StandardInput = input;

        HeroTaskResult result = await RunAsync(definition);

        Assert.Equal(input.Length.ToString(CultureInfo.InvariantCulture), result.StdOut.Trim());
    }

    [UnixFact]
    public async Task StandardInput_a_child_never_reads_does_not_block_the_task()
    {
        HeroTaskDefinition definition = Sh("exit 0");
        definition.StandardInput = new string('x', 1024 * 1024);

        (HeroTaskResult result, TimeSpan elapsed) = await TimedAsync(definition);

        Assert.Equal(HeroTaskStatus.Succeeded, result.Status);
        AssertWithin(Slack, elapsed);
    }

    [UnixFact]
    public async Task Without_StandardInput_the_child_sees_end_of_file()
    {
        HeroTaskDefinition definition = Program("cat");
        definition.Timeout = TimeSpan.FromSeconds(10);

        (HeroTaskResult result, TimeSpan elapsed) = await TimedAsync(definition);

        Assert.Equal(HeroTaskStatus.Succeeded, result.Status);
        Assert.Empty(result.StdOut);
        AssertWithin(Slack, elapsed);
    }

    [UnixFact]
    public async Task WorkingDirectory_is_honoured()
    {
        string directory = Directory.CreateDirectory(Path.Combine(Scratch, "work dir ü")).FullName;
        string marker = Guid.NewGuid().ToString("N");
        File.WriteAllText(Path.Combine(directory, "marker.txt"), marker);
        HeroTaskDefinition definition = Sh("cat marker.txt; echo; pwd -P");
        definition.WorkingDirectory = directory;

        HeroTaskResult result = await RunAsync(definition);

        Assert.Equal(HeroTaskStatus.Succeeded, result.Status);
        Assert.StartsWith(marker + "\n", result.StdOut, StringComparison.Ordinal);
        Assert.EndsWith("/work dir ü\n", result.StdOut, StringComparison.Ordinal);
    }

    [UnixFact]
    public async Task A_missing_WorkingDirectory_is_a_definition_error()
    {
        HeroTaskDefinition definition = Program("true");
        definition.WorkingDirectory = Path.Combine(Scratch, "does-not-exist");

        HeroTaskDefinitionException error = await Assert.ThrowsAsync<HeroTaskDefinitionException>(() => RunAsync(definition));

        Assert.Equal("WorkingDirectory", error.ParameterName);
        Assert.Contains("does-not-exist", error.Message, StringComparison.Ordinal);
    }
}
