using Hero.Heartbeats;
using Hero.Logging;
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.Versioning;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Hero.Output;
using Hero.Processes.Unix;
using Hero.Tasks;
using Hero.Tests.Support;

namespace Hero.Tests;

/// <summary>TaskRunner against real processes. Timing assertions leave seconds of slack: the suite
/// runs on a loaded two-core machine.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class TaskRunnerTests : IDisposable
{
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(2);
    private readonly string _scratch = Path.Combine(Path.GetTempPath(), "hero-tests-" + Guid.NewGuid().ToString("N"));

    public TaskRunnerTests() => Directory.CreateDirectory(_scratch);

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    /// <summary>A task with limits that end a hung test instead of the test run.</summary>
    private static HeroTaskDefinition Program(string filePath, params string[] arguments) => new()
    {
        FilePath = filePath,
        ArgumentList = arguments,
        Timeout = TimeSpan.FromSeconds(30),
        GracePeriod = TimeSpan.FromSeconds(1),
        HeartbeatInterval = TimeSpan.Zero,
    };

    /// <summary>/bin/sh -c SCRIPT sh ARGS...: inside the script "$@" is ARGS.</summary>
    private static HeroTaskDefinition Sh(string script, params string[] arguments) =>
        Program("/bin/sh", ["-c", script, "sh", .. arguments]);

    private static Task<HeroTaskResult> RunAsync(HeroTaskDefinition definition, CancellationToken cancel = default) =>
        TaskRunner.RunAsync(definition, NullTaskObserver.Instance, cancel);

    private static async Task<(HeroTaskResult Result, TimeSpan Elapsed)> TimedAsync(HeroTaskDefinition definition, CancellationToken cancel = default)
    {
        var clock = Stopwatch.StartNew();
        HeroTaskResult result = await RunAsync(definition, cancel);
        return (result, clock.Elapsed);
    }

    private static void AssertWithin(TimeSpan limit, TimeSpan elapsed) =>
        Assert.True(elapsed < limit, $"took {elapsed.TotalSeconds:0.00}s, expected under {limit.TotalSeconds:0.00}s");

    private static bool IsGone(int pid) =>
        !ProcessTable.TryReadStat(pid, out ProcessTable.StatLine stat) || stat.State is 'Z' or 'X';

    /// <summary>Waits briefly for pids to disappear: the kernel may take a moment to tear a killed process down.</summary>
    private static async Task AssertGoneAsync(IEnumerable<int> pids)
    {
        int[] all = pids.ToArray();
        Assert.NotEmpty(all);
        var clock = Stopwatch.StartNew();
        while (all.Any(pid => !IsGone(pid)) && clock.Elapsed < TimeSpan.FromSeconds(2))
        {
            await Task.Delay(50);
        }

        Assert.All(all, pid => Assert.True(IsGone(pid), $"process {pid} is still alive"));
    }

    private static int[] Pids(string stdout) =>
        stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.All(char.IsDigit))
            .Select(line => int.Parse(line, CultureInfo.InvariantCulture))
            .ToArray();

    // ---- exit codes ----

    [UnixFact]
    public async Task Exit_zero_succeeds()
    {
        HeroTaskResult result = await RunAsync(Program("true"));

        Assert.Equal(HeroTaskStatus.Succeeded, result.Status);
        Assert.Equal(0, result.ExitCode);
        Assert.Null(result.Signal);
        Assert.Null(result.Message);
        Assert.Equal(1, result.Attempts);
        Assert.Equal("true", result.Name);
    }

    [UnixFact]
    public async Task Non_zero_exit_fails_with_that_code()
    {
        HeroTaskResult result = await RunAsync(Sh("exit 3"));

        Assert.Equal(HeroTaskStatus.Failed, result.Status);
        Assert.Equal(3, result.ExitCode);
        Assert.Null(result.Signal);
        Assert.Contains("3", result.Message, StringComparison.Ordinal);
    }

    [UnixFact]
    public async Task SuccessExitCode_turns_a_code_into_success()
    {
        HeroTaskDefinition definition = Sh("exit 3");
        definition.SuccessExitCode = [0, 3];
        HeroTaskResult result = await RunAsync(definition);

        Assert.Equal(HeroTaskStatus.Succeeded, result.Status);
        Assert.Equal(3, result.ExitCode);
    }

    [UnixFact]
    public async Task Missing_program_is_StartFailed_127()
    {
        HeroTaskResult result = await RunAsync(Program("hero-no-such-program-" + Guid.NewGuid().ToString("N")));

        Assert.Equal(HeroTaskStatus.StartFailed, result.Status);
        Assert.Equal(127, result.ExitCode);
        Assert.Contains("hero-no-such-program-", result.Message, StringComparison.Ordinal);
    }

    [UnixFact]
    public async Task Missing_program_path_is_StartFailed_127()
    {
        HeroTaskResult result = await RunAsync(Program(Path.Combine(_scratch, "missing")));

        Assert.Equal(HeroTaskStatus.StartFailed, result.Status);
        Assert.Equal(127, result.ExitCode);
    }

    [UnixFact]
    public async Task Non_executable_file_is_StartFailed_126()
    {
        string script = Path.Combine(_scratch, "not-executable.sh");
        File.WriteAllText(script, "#!/bin/sh\necho should not run\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        HeroTaskResult result = await RunAsync(Program(script));

        Assert.Equal(HeroTaskStatus.StartFailed, result.Status);
        Assert.Equal(126, result.ExitCode);
        Assert.Empty(result.StdOut);
    }

    [UnixFact]
    public async Task Executable_file_without_a_format_is_StartFailed_126()
    {
        // Executable bits but neither ELF nor #!: exec fails with ENOEXEC.
        string script = Path.Combine(_scratch, "no-shebang");
        File.WriteAllText(script, "echo should not run\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        HeroTaskResult result = await RunAsync(Program(script));

        Assert.Equal(HeroTaskStatus.StartFailed, result.Status);
        Assert.Equal(126, result.ExitCode);
    }

    [UnixFact]
    public async Task Directory_as_program_is_StartFailed_126()
    {
        HeroTaskResult result = await RunAsync(Program(_scratch));

        Assert.Equal(HeroTaskStatus.StartFailed, result.Status);
        Assert.Equal(126, result.ExitCode);
    }

    [UnixFact]
    public async Task Death_by_signal_is_128_plus_the_signal()
    {
        HeroTaskResult result = await RunAsync(Sh("kill -9 $$"));

        Assert.Equal(HeroTaskStatus.Failed, result.Status);
        Assert.Equal(137, result.ExitCode);
        Assert.Equal(9, result.Signal);
        Assert.Contains("SIGKILL", result.Message, StringComparison.Ordinal);
    }

    // ---- arguments and output ----

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
        string outputPath = Path.Combine(_scratch, "out.log");
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

    private sealed class RecordingObserver : ITaskObserver
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ConcurrentQueue<TaskHeartbeat> Heartbeats { get; } = new();

        public void OnOutputLine(string taskName, OutputStreamKind stream, string line) => Lines.Enqueue($"{taskName}|{stream}|{line}");

        public void OnLog(HeroLogRecord record) { }

        public bool Wants(HeroLogLevel level) => true;

        public void OnHeartbeat(TaskHeartbeat heartbeat) => Heartbeats.Enqueue(heartbeat);
    }

    // ---- limits ----

    [UnixFact]
    public async Task Timeout_stops_the_task_with_124()
    {
        HeroTaskDefinition definition = Sh("sleep 30");
        definition.Timeout = TimeSpan.FromSeconds(1);
        definition.GracePeriod = TimeSpan.FromSeconds(1);

        (HeroTaskResult result, TimeSpan elapsed) = await TimedAsync(definition);

        Assert.Equal(HeroTaskStatus.TimedOut, result.Status);
        Assert.Equal(124, result.ExitCode);
        Assert.True(result.KilledProcessCount >= 1, $"KilledProcessCount {result.KilledProcessCount}");
        Assert.Contains("1s", result.Message, StringComparison.Ordinal);
        Assert.True(elapsed >= TimeSpan.FromSeconds(0.9), $"returned after {elapsed}, before the deadline");
        AssertWithin(TimeSpan.FromSeconds(1 + 1) + Slack, elapsed);
    }

    [UnixFact]
    public async Task Timeout_kills_a_child_that_ignores_SIGTERM()
    {
        HeroTaskDefinition definition = Sh("trap '' TERM; sleep 30; echo survived");
        definition.Timeout = TimeSpan.FromSeconds(1);
        definition.GracePeriod = TimeSpan.FromSeconds(1);

        (HeroTaskResult result, TimeSpan elapsed) = await TimedAsync(definition);

        Assert.Equal(HeroTaskStatus.TimedOut, result.Status);
        Assert.Equal(124, result.ExitCode);
        Assert.DoesNotContain("survived", result.StdOut, StringComparison.Ordinal);
        AssertWithin(TimeSpan.FromSeconds(1 + 1) + Slack, elapsed);
    }

    [UnixFact]
    public async Task Timeout_kills_the_whole_tree()
    {
        HeroTaskDefinition definition = Sh("sleep 30 & echo $!; sleep 30 & echo $!; wait");
        definition.Timeout = TimeSpan.FromSeconds(1);
        definition.GracePeriod = TimeSpan.FromSeconds(1);

        (HeroTaskResult result, TimeSpan elapsed) = await TimedAsync(definition);

        Assert.Equal(HeroTaskStatus.TimedOut, result.Status);
        Assert.True(result.KilledProcessCount >= 3, $"KilledProcessCount {result.KilledProcessCount}");
        AssertWithin(TimeSpan.FromSeconds(1 + 1) + Slack, elapsed);
        int[] grandchildren = Pids(result.StdOut);
        Assert.Equal(2, grandchildren.Length);
        await AssertGoneAsync(grandchildren);
    }

    [UnixFact]
    public async Task StallTimeout_stops_a_silent_task_with_124()
    {
        HeroTaskDefinition definition = Sh("echo hi; sleep 30");
        definition.StallTimeout = TimeSpan.FromSeconds(1);
        definition.GracePeriod = TimeSpan.FromSeconds(1);

        (HeroTaskResult result, TimeSpan elapsed) = await TimedAsync(definition);

        Assert.Equal(HeroTaskStatus.Stalled, result.Status);
        Assert.Equal(124, result.ExitCode);
        Assert.Equal("hi\n", result.StdOut);
        AssertWithin(TimeSpan.FromSeconds(1 + 1) + Slack, elapsed);
    }

    [UnixFact]
    public async Task StallTimeout_does_not_fire_while_output_keeps_coming()
    {
        HeroTaskDefinition definition = Sh("for i in $(seq 15); do echo $i; sleep 0.2; done");
        definition.StallTimeout = TimeSpan.FromSeconds(1);

        HeroTaskResult result = await RunAsync(definition);

        Assert.Equal(HeroTaskStatus.Succeeded, result.Status);
        Assert.Equal(string.Concat(Enumerable.Range(1, 15).Select(i => i + "\n")), result.StdOut);
    }

    [UnixFact]
    public async Task Cancellation_stops_the_task_with_130()
    {
        HeroTaskDefinition definition = Sh("sleep 30");
        definition.GracePeriod = TimeSpan.FromSeconds(1);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        (HeroTaskResult result, TimeSpan elapsed) = await TimedAsync(definition, cancel.Token);

        Assert.Equal(HeroTaskStatus.Cancelled, result.Status);
        Assert.Equal(130, result.ExitCode);
        AssertWithin(TimeSpan.FromSeconds(0.5 + 1) + Slack, elapsed);
    }

    [UnixFact]
    public async Task A_background_grandchild_holding_stdout_does_not_hold_the_task()
    {
        (HeroTaskResult result, TimeSpan elapsed) = await TimedAsync(Sh("sleep 30 & echo $!; echo done"));

        AssertWithin(TimeSpan.FromSeconds(3), elapsed);
        Assert.Equal(HeroTaskStatus.Succeeded, result.Status);
        Assert.EndsWith("done\n", result.StdOut, StringComparison.Ordinal);
        await AssertGoneAsync(Pids(result.StdOut));
    }

    [LinuxFact]
    public async Task A_grandchild_that_left_the_process_group_is_still_ended()
    {
        // setsid puts the sleep in a new session and process group; only the environment marker finds
        // it. It keeps stdout open: a detached daemon that also closed its output is, by design, not
        // looked for after a normal exit (UnixChildProcess.MayHaveLeftovers).
        (HeroTaskResult result, TimeSpan elapsed) = await TimedAsync(Sh("setsid sleep 30 & echo $!"));

        AssertWithin(TimeSpan.FromSeconds(3), elapsed);
        Assert.Equal(HeroTaskStatus.Succeeded, result.Status);
        await AssertGoneAsync(Pids(result.StdOut));
    }

    [LinuxFact]
    public async Task A_grandchild_that_hid_from_the_kill_group_does_not_hold_the_task()
    {
        // New session, no environment (so no marker), parent gone: Hero cannot find it, but it must
        // still stop reading the pipe it holds and return.
        (HeroTaskResult result, TimeSpan elapsed) = await TimedAsync(Sh("setsid env -i sleep 30 & echo $!; echo done"));
        int[] pids = Pids(result.StdOut);
        foreach (int pid in pids)
        {
            try
            {
                using Process leftover = Process.GetProcessById(pid);
                leftover.Kill();
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
        }

        // The engine waits PostExitDrain for the pipes, then stops reading.
        AssertWithin(AttemptRunner.PostExitDrain + TimeSpan.FromSeconds(3), elapsed);
        Assert.Equal(HeroTaskStatus.Succeeded, result.Status);
        Assert.EndsWith("done\n", result.StdOut, StringComparison.Ordinal);
        Assert.Single(pids);
    }

    // ---- environment, input, directory ----

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
        string directory = Directory.CreateDirectory(Path.Combine(_scratch, "work dir ü")).FullName;
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
        definition.WorkingDirectory = Path.Combine(_scratch, "does-not-exist");

        HeroTaskDefinitionException error = await Assert.ThrowsAsync<HeroTaskDefinitionException>(() => RunAsync(definition));

        Assert.Equal("WorkingDirectory", error.ParameterName);
        Assert.Contains("does-not-exist", error.Message, StringComparison.Ordinal);
    }
}
