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

/// <summary>TaskRunner against real processes: arguments reach the child verbatim, output is captured, tailed and observed.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class TaskRunnerOutputTests : TaskRunnerTestBase
{
    [UnixFact]
    public async Task Arguments_reach_the_child_verbatim()
    {
        string[] arguments =
        [
            "plain",
            "with space",
            "",
            "  padded  ",
            "single ' quote",
            "double \" quote",
            "back\\slash\\",
            "; | & $ ( ) ` < > * ? [ ] { } ~ #",
            "$(echo injected)",
            "$HOME",
            "-n",
            "--",
            "héllo wörld 日本語 🎉",
            "two\nlines",
            "tab\there",
        ];

        HeroTaskResult result = await RunAsync(Sh("printf '%s\\n' \"$@\"", arguments));

        Assert.Equal(HeroTaskStatus.Succeeded, result.Status);
        Assert.Equal(string.Concat(arguments.Select(a => a + "\n")), result.StdOut);
    }

    [UnixFact]
    public async Task Program_arguments_are_not_interpreted_by_a_shell()
    {
        HeroTaskResult result = await RunAsync(Program("/bin/echo", "a;", "echo", "b", "&&", "$(id)"));

        Assert.Equal("a; echo b && $(id)\n", result.StdOut);
    }

    [UnixFact]
    public async Task StdOut_and_StdErr_are_captured_separately()
    {
        HeroTaskResult result = await RunAsync(Sh("echo out; echo err >&2; echo out2"));

        Assert.Equal("out\nout2\n", result.StdOut);
        Assert.Equal("err\n", result.StdErr);
        Assert.False(result.Truncated);
    }

    [UnixFact]
    public async Task Shell_kind_runs_the_command_through_sh()
    {
        HeroTaskResult result = await RunAsync(new HeroTaskDefinition
        {
            Kind = HeroTaskKind.Shell,
            Command = "echo $((40 + 2)) | tr 4 X",
            Timeout = TimeSpan.FromSeconds(30),
            HeartbeatInterval = TimeSpan.Zero,
        });

        Assert.Equal(HeroTaskStatus.Succeeded, result.Status);
        Assert.Equal("X2\n", result.StdOut);
    }

    [UnixFact]
    public async Task MaxOutputBytes_keeps_the_tail_and_OutputPath_gets_everything()
    {
        string expected = string.Concat(Enumerable.Range(1, 20000).Select(i => i.ToString(CultureInfo.InvariantCulture) + "\n"));
        Assert.True(expected.Length > 100_000);
        string outputPath = Path.Combine(Scratch, "out.log");
        HeroTaskDefinition definition = Program("seq", "1", "20000");
        definition.MaxOutputBytes = 1000;
        definition.OutputPath = outputPath;

        HeroTaskResult result = await RunAsync(definition);

        Assert.Equal(HeroTaskStatus.Succeeded, result.Status);
        Assert.True(result.Truncated);
        Assert.Equal(expected.Substring(expected.Length - 1000), result.StdOut);
        Assert.Equal(outputPath, result.OutputPath);
        Assert.Equal(expected, File.ReadAllText(outputPath));
    }

    [UnixFact]
    public async Task A_tail_cut_inside_a_UTF8_character_starts_at_the_next_character()
    {
        // 1000 two-byte characters; keeping 101 bytes cuts the first kept character in half.
        HeroTaskDefinition definition = Sh("i=0; while [ $i -lt 1000 ]; do printf 'é'; i=$((i+1)); done");
        definition.MaxOutputBytes = 101;

        HeroTaskResult result = await RunAsync(definition);

        Assert.True(result.Truncated);
        Assert.Equal(new string('é', 50), result.StdOut);
    }

    [UnixFact]
    public async Task The_observer_gets_each_line_of_each_stream()
    {
        var observer = new RecordingObserver();
        HeroTaskDefinition definition = Sh("printf 'one\\ntwo\\r\\n'; echo err >&2; printf 'no newline'");
        definition.Name = "lines";

        await TaskRunner.RunAsync(definition, observer, CancellationToken.None);

        Assert.Equal(["lines|StdOut|one", "lines|StdOut|two", "lines|StdOut|no newline"], observer.Lines.Where(l => l.Contains("|StdOut|")));
        Assert.Equal(["lines|StdErr|err"], observer.Lines.Where(l => l.Contains("|StdErr|")));
    }

    [UnixFact]
    public async Task Quiet_sends_no_lines_but_keeps_the_output()
    {
        var observer = new RecordingObserver();
        HeroTaskDefinition definition = Sh("echo one; echo two");
        definition.Quiet = true;

        HeroTaskResult result = await TaskRunner.RunAsync(definition, observer, CancellationToken.None);

        Assert.Empty(observer.Lines);
        Assert.Equal("one\ntwo\n", result.StdOut);
    }

    [UnixFact]
    public async Task Heartbeats_arrive_while_the_task_runs()
    {
        var observer = new RecordingObserver();
        HeroTaskDefinition definition = Sh("sleep 1.5");
        definition.Name = "beating";
        definition.HeartbeatInterval = TimeSpan.FromMilliseconds(300);

        await TaskRunner.RunAsync(definition, observer, CancellationToken.None);

        TaskHeartbeat[] beats = observer.Heartbeats.ToArray();
        Assert.True(beats.Length >= 2, $"{beats.Length} heartbeats");
        Assert.All(beats, beat => Assert.Equal("beating", beat.TaskName));
        Assert.True(beats[^1].Elapsed > beats[0].Elapsed);
    }
}
