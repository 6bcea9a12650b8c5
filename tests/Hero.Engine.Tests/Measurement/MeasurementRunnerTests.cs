using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.Versioning;
using System.Threading;
using System.Threading.Tasks;
using Hero.Measurement;
using Hero.Processes;
using Hero.Tasks;
using Hero.Tests.Support;

namespace Hero.Tests.Measurement;

/// <summary>The run loop against real processes: the iteration rule, hooks, failures, the stop
/// sequence, and whole-tree CPU and memory from wait4 plus sampling. Margins are generous: the suite
/// runs on a loaded two-core machine.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class MeasurementRunnerTests : IDisposable
{
    private readonly string _scratch = Path.Combine(Path.GetTempPath(), "hero-measure-" + Guid.NewGuid().ToString("N"));

    public MeasurementRunnerTests() => Directory.CreateDirectory(_scratch);

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    private sealed class Progress : IMeasurementObserver
    {
        public List<MeasurementProgress> Seen { get; } = [];

        public void OnProgress(MeasurementProgress progress)
        {
            lock (Seen) Seen.Add(progress);
        }
    }

    private static HeroTaskDefinition Program(string filePath, params string[] arguments) => new()
    {
        FilePath = filePath,
        ArgumentList = arguments,
        Timeout = TimeSpan.FromSeconds(60),
        GracePeriod = TimeSpan.FromSeconds(1),
        HeartbeatInterval = TimeSpan.Zero,
    };

    private static HeroTaskDefinition Sh(string script) => Program("/bin/sh", "-c", script);

    internal static string Fixture(string name)
    {
        string? folder = AppContext.BaseDirectory;
        while (folder is not null && !Directory.Exists(Path.Combine(folder, "tests", "Fixtures"))) folder = Path.GetDirectoryName(folder);
        return Path.Combine(folder ?? throw new DirectoryNotFoundException("tests/Fixtures not found above the test assembly."), "tests", "Fixtures", name);
    }

    private static Task<HeroMeasurement> MeasureAsync(HeroTaskDefinition definition, MeasurementSettings settings, Progress? progress = null,
        MeasurementHook? setup = null, MeasurementHook? prepare = null, MeasurementHook? conclude = null, MeasurementHook? cleanup = null) =>
        MeasurementRunner.RunAsync(
            new MeasurementTarget { Name = "t", Definition = definition, Setup = setup, Prepare = prepare, Conclude = conclude, Cleanup = cleanup },
            settings, progress ?? new Progress(), NullTaskObserver.Instance, CancellationToken.None);

    [UnixFact]
    public async Task ExactIterationsAfterWarmup()
    {
        var progress = new Progress();
        HeroMeasurement m = await MeasureAsync(Program("/bin/true"), new MeasurementSettings { Iterations = 5, Warmup = 2 }, progress);
        Assert.Equal([1, 2, 3, 4, 5], m.Runs.Select(r => r.Number));
        Assert.Equal([0, 0, 0, 0, 0], m.ExitCodes);
        Assert.All(m.Runs, r => Assert.InRange(r.Duration, TimeSpan.FromTicks(1), TimeSpan.FromSeconds(2)));
        Assert.Equal(2, m.Warmup);
        Assert.Equal("/bin/true", m.Command);
        Assert.Contains(progress.Seen, p => p.Phase == MeasurementPhase.Warmup && p.WarmupTotal == 2);
        Assert.Contains(progress.Seen, p => p.Phase == MeasurementPhase.Measuring && p.RunsDone == 5 && p.RunsExpected == 5);
    }

    [UnixFact]
    public async Task AtLeastMinimumRunsAndMinimumTime()
    {
        var settings = new MeasurementSettings { MinIterations = 2, MinTime = TimeSpan.FromSeconds(0.4), Warmup = 0 };
        HeroMeasurement m = await MeasureAsync(Program("/bin/sleep", "0.05"), settings);
        Assert.InRange(m.Runs.Count, 3, 9);
        Assert.True(m.Runs.Sum(r => r.Duration.TotalSeconds) >= 0.3);
        Assert.All(m.Runs, r => Assert.True(r.Duration >= TimeSpan.FromMilliseconds(49), $"{r.Duration.TotalMilliseconds} ms"));
    }

    [UnixFact]
    public async Task FailingRunStopsTheMeasurementNamingTheRun()
    {
        MeasurementFailedException e = await Assert.ThrowsAsync<MeasurementFailedException>(() =>
            MeasureAsync(Sh("echo broken >&2; exit 3"), new MeasurementSettings { Iterations = 3, Warmup = 0 }));
        Assert.Equal(1, e.Run);
        Assert.Equal(3, e.ExitCode);
        Assert.Contains("Run 1 of 't' failed with exit code 3", e.Message);
        Assert.Contains("-IgnoreExitCode", e.Message);
        Assert.Contains("broken", e.Message);
        Assert.Single(e.Partial!.Runs);
    }

    [UnixFact]
    public async Task IgnoredFailuresAreMeasured()
    {
        HeroMeasurement m = await MeasureAsync(Sh("exit 3"), new MeasurementSettings { Iterations = 3, Warmup = 1, IgnoreExitCode = true });
        Assert.Equal([3, 3, 3], m.ExitCodes);
        Assert.All(m.Runs, r => Assert.Equal(HeroTaskStatus.Failed, r.Status));
        Assert.Contains(m.Warnings, w => w.StartsWith("Ignoring the failure of runs 1, 2, 3", StringComparison.Ordinal));
    }

    [UnixFact]
    public async Task HooksRunWhenTheyShould()
    {
        MeasurementHook Counter(string file) =>
            MeasurementHook.Shell("hook", $"echo x >> '{Path.Combine(_scratch, file)}'", _scratch, new Dictionary<string, string?>(), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1));
        await MeasureAsync(Program("/bin/true"), new MeasurementSettings { Iterations = 3, Warmup = 2 },
            setup: Counter("setup"), prepare: Counter("prepare"), conclude: Counter("conclude"), cleanup: Counter("cleanup"));
        int Lines(string file) => File.ReadAllLines(Path.Combine(_scratch, file)).Length;
        Assert.Equal((1, 5, 5, 1), (Lines("setup"), Lines("prepare"), Lines("conclude"), Lines("cleanup")));
    }

    [UnixFact]
    public async Task FailingPrepareStopsWithItsParameterName()
    {
        MeasurementHook prepare = MeasurementHook.Shell("prepare", "exit 4", _scratch, new Dictionary<string, string?>(), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1));
        MeasurementFailedException e = await Assert.ThrowsAsync<MeasurementFailedException>(() =>
            MeasureAsync(Program("/bin/true"), new MeasurementSettings { Iterations = 3, Warmup = 0 }, prepare: prepare));
        Assert.StartsWith("-Prepare of 't' before run 1 failed", e.Message);
    }

    [UnixFact]
    public async Task TimeoutEndsTheTreeWithTheStopSequence()
    {
        string pidFile = Path.Combine(_scratch, "grandchild");
        HeroTaskDefinition hung = Sh($"sleep 60 & echo $! > '{pidFile}'; wait");
        hung.Timeout = TimeSpan.FromSeconds(0.5);
        hung.GracePeriod = TimeSpan.FromSeconds(0.5);
        var clock = Stopwatch.StartNew();
        MeasurementFailedException e = await Assert.ThrowsAsync<MeasurementFailedException>(() =>
            MeasureAsync(hung, new MeasurementSettings { Iterations = 2, Warmup = 0 }));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.Equal(124, e.ExitCode);
        Assert.Contains("Run 1 of 't' timed out", e.Message);
        int grandchild = int.Parse(File.ReadAllText(pidFile).Trim());
        Assert.True(IsGoneOrZombie(grandchild), $"pid {grandchild} survived");
    }

    private static bool IsGoneOrZombie(int pid)
    {
        if (!OperatingSystem.IsLinux()) return !Directory.Exists("/proc/" + pid) || Process.GetProcessById(pid).HasExited;
        string stat = Path.Combine("/proc", pid.ToString(), "stat");
        if (!File.Exists(stat)) return true;
        string text = File.ReadAllText(stat);
        return text.Substring(text.LastIndexOf(')') + 2).StartsWith("Z", StringComparison.Ordinal);
    }

    private static bool HasPerl => File.Exists("/usr/bin/perl");

    /// <summary>Two perl children burning 0.5 s of CPU each; the tree's CPU in seconds.</summary>
    private static async Task<double> BurnAsync(string mode)
    {
        Assert.True(HasPerl, "perl is needed for the CPU fixture");
        HeroMeasurement m = await MeasureAsync(Program("/usr/bin/perl", Fixture("burn-cpu.pl"), "2", "0.5", mode),
            new MeasurementSettings { Iterations = 1, Warmup = 0 });
        Assert.Equal(HeroMeasurementSource.Rusage, m.CpuSource);
        return (m.UserMean!.Value + m.SystemMean!.Value).TotalSeconds;
    }

    /// <summary>The two burners are auto-reaped by the kernel (the parent ignores SIGCHLD), so
    /// wait4's rusage never sees their second of CPU; sampling the kill group does.</summary>
    [LinuxFact]
    public async Task CpuOfChildrenNobodyWaitedFor() => Assert.InRange(await BurnAsync("nowait"), 0.9, 1.5);

    /// <summary>Waited-for burners are in the rusage already: sampling must not count them again.</summary>
    [LinuxFact]
    public async Task CpuOfWaitedChildrenIsCountedOnce() => Assert.InRange(await BurnAsync("wait"), 0.9, 1.5);

    [LinuxFact]
    public async Task PeakMemoryOfThreeConcurrentChildren()
    {
        Assert.True(HasPerl, "perl is needed for the memory fixture");
        HeroMeasurement m = await MeasureAsync(Program("/usr/bin/perl", Fixture("hold-memory.pl"), "3", "64", "0.5"),
            new MeasurementSettings { Iterations = 1, Warmup = 0 });
        Assert.Equal(HeroMeasurementSource.Sampling, m.MemorySource);
        Assert.True(m.PeakMemoryMax >= 180L << 20, $"peak {m.PeakMemoryMax} bytes");
    }

    /// <summary>The ps path macOS samples memory with, read on any Unix that has ps.</summary>
    [UnixFact]
    public void PsGivesResidentSizeAndParent()
    {
        ProcessUsage own = Assert.Single(Hero.Processes.Unix.TreeSampler.SampleMembersPs([Environment.ProcessId])!);
        Assert.Equal(Environment.ProcessId, own.Pid);
        Assert.True(own.ParentPid > 0);
        Assert.InRange(own.ResidentBytes, 10L << 20, 64L << 30);
    }
}
