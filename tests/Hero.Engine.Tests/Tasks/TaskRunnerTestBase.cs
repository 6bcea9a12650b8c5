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

/// <summary>What the TaskRunner tests share: a scratch folder, definitions with limits that end a hung
/// test instead of the test run, and checks on real processes. Timing assertions leave seconds of
/// slack: the suite runs on a loaded two-core machine.</summary>
[UnsupportedOSPlatform("windows")]
public abstract class TaskRunnerTestBase : IDisposable
{
    protected static readonly TimeSpan Slack = TimeSpan.FromSeconds(2);
    protected string Scratch { get; } = Path.Combine(Path.GetTempPath(), "hero-tests-" + Guid.NewGuid().ToString("N"));

    protected TaskRunnerTestBase() => Directory.CreateDirectory(Scratch);

    public void Dispose()
    {
        Directory.Delete(Scratch, recursive: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>A task with limits that end a hung test instead of the test run.</summary>
    protected static HeroTaskDefinition Program(string filePath, params string[] arguments) => new()
    {
        FilePath = filePath,
        ArgumentList = arguments,
        Timeout = TimeSpan.FromSeconds(30),
        GracePeriod = TimeSpan.FromSeconds(1),
        HeartbeatInterval = TimeSpan.Zero,
    };

    /// <summary>/bin/sh -c SCRIPT sh ARGS...: inside the script "$@" is ARGS.</summary>
    protected static HeroTaskDefinition Sh(string script, params string[] arguments) =>
        Program("/bin/sh", ["-c", script, "sh", .. arguments]);

    protected static Task<HeroTaskResult> RunAsync(HeroTaskDefinition definition, CancellationToken cancel = default) =>
        TaskRunner.RunAsync(definition, NullTaskObserver.Instance, cancel);

    protected static async Task<(HeroTaskResult Result, TimeSpan Elapsed)> TimedAsync(HeroTaskDefinition definition, CancellationToken cancel = default)
    {
        var clock = Stopwatch.StartNew();
        HeroTaskResult result = await RunAsync(definition, cancel);
        return (result, clock.Elapsed);
    }

    protected static void AssertWithin(TimeSpan limit, TimeSpan elapsed) =>
        Assert.True(elapsed < limit, $"took {elapsed.TotalSeconds:0.00}s, expected under {limit.TotalSeconds:0.00}s");

    protected static bool IsGone(int pid) =>
        !ProcessTable.TryReadStat(pid, out ProcessTable.StatLine stat) || stat.State is 'Z' or 'X';

    /// <summary>Waits briefly for pids to disappear: the kernel may take a moment to tear a killed process down.</summary>
    protected static async Task AssertGoneAsync(IEnumerable<int> pids)
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

    protected static int[] Pids(string stdout) =>
        stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.All(char.IsDigit))
            .Select(line => int.Parse(line, CultureInfo.InvariantCulture))
            .ToArray();
}
