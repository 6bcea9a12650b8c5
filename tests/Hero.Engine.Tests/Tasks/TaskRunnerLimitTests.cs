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

/// <summary>TaskRunner against real processes: timeouts, stall timeouts and cancellation end the whole tree.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class TaskRunnerLimitTests : TaskRunnerTestBase
{
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
}
