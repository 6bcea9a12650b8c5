using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.Versioning;
using System.Threading.Tasks;
using Hero.Output;
using Hero.Processes;
using Hero.Processes.Unix;
using Hero.Tests.Support;

namespace Hero.Tests;

/// <summary>The kill-group registry and the host-death sentinel, with real processes. The sentinel
/// under test is one of its own (not this process's), and its pipe is closed as the death of the host
/// would close it.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class HostExitTests : IDisposable
{
    private readonly string _scratch = Path.Combine(Path.GetTempPath(), "hero-hostexit-" + Guid.NewGuid().ToString("N"));

    public HostExitTests() => Directory.CreateDirectory(_scratch);

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    private sealed class Discard : IOutputSink
    {
        public void OnData(OutputStreamKind stream, byte[] buffer, int count)
        {
        }
    }

    /// <summary>A tree like the ones users leave behind: the shell, a child that ignores SIGTERM, a
    /// grandchild in a session of its own, and a double-forked orphan. Each writes its pid.</summary>
    private (UnixChildProcess Child, string PidFile) StartTree(bool outlivesHost)
    {
        string pids = Path.Combine(_scratch, Guid.NewGuid().ToString("N") + ".pids");
        const string Script = """
            echo $$ >> "$1"
            sh -c 'trap "" TERM; echo $$ >> "$1"; exec sleep 300' sh "$1" &
            setsid sh -c 'echo $$ >> "$1"; exec sleep 300' sh "$1" &
            sh -c 'sh -c "echo \$\$ >> \"\$1\"; exec sleep 300" sh "$1" &' sh "$1"
            wait
            """;
        var start = new ChildStartInfo
        {
            ProgramPath = "/bin/sh",
            Arguments = ["-c", Script, "sh", pids],
            WorkingDirectory = _scratch,
            Environment = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
                .ToDictionary(e => (string)e.Key, e => (string)e.Value!, StringComparer.Ordinal),
            GracePeriod = TimeSpan.FromMilliseconds(500),
            OutlivesHost = outlivesHost,
        };
        var child = (UnixChildProcess)ChildProcess.Start(start, new Discard());
        var clock = Stopwatch.StartNew();
        while (ReadPids(pids).Length < 4 && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            System.Threading.Thread.Sleep(20);
        }

        Assert.Equal(4, ReadPids(pids).Length);
        return (child, pids);
    }

    private static int[] ReadPids(string path) => File.Exists(path)
        ? File.ReadAllLines(path).Where(l => l.Length > 0 && l.All(char.IsDigit)).Select(l => int.Parse(l, CultureInfo.InvariantCulture)).ToArray()
        : [];

    private static bool IsRunning(int pid) =>
        ProcessTable.TryReadStat(pid, out ProcessTable.StatLine stat) && stat.State is not ('Z' or 'X');

    private static async Task<bool> AllGoneWithin(IEnumerable<int> pids, TimeSpan limit)
    {
        int[] all = pids.ToArray();
        var clock = Stopwatch.StartNew();
        while (all.Any(IsRunning) && clock.Elapsed < limit)
        {
            await Task.Delay(50);
        }

        return !all.Any(IsRunning);
    }

    private static async Task EndAsync(UnixChildProcess child)
    {
        child.SignalTree(force: true);
        await child.Exited.WaitAsync(TimeSpan.FromSeconds(5));
        child.Dispose();
    }

    [LinuxFact]
    public async Task The_sentinel_stops_every_group_it_knows_when_the_host_end_of_the_pipe_closes()
    {
        (UnixChildProcess child, string pidFile) = StartTree(outlivesHost: true);
        using var bystander = Process.Start("sleep", "300");
        try
        {
            Sentinel sentinel = Sentinel.TryStart()!;
            sentinel.Note(Sentinel.Added(child.Id, child.Marker, TimeSpan.FromMilliseconds(500)));
            Assert.True(sentinel.IsRunning());
            var clock = Stopwatch.StartNew();
            sentinel.Abandon();

            // Within the grace plus two seconds, though one of them ignores SIGTERM and two left the group.
            Assert.True(await AllGoneWithin(ReadPids(pidFile), TimeSpan.FromSeconds(2.5)), $"left: {string.Join(", ", ReadPids(pidFile).Where(IsRunning))}");
            Assert.True(await AllGoneWithin([sentinel.Id], TimeSpan.FromSeconds(2.5) - clock.Elapsed), "the sentinel outlived its work");
            Assert.True(IsRunning(bystander.Id), "an unrelated process was signalled");
        }
        finally
        {
            bystander.Kill();
            await EndAsync(child);
        }
    }

    [LinuxFact]
    public async Task The_sentinel_forgets_retired_groups_and_ends_at_once_when_it_knows_none()
    {
        (UnixChildProcess child, string pidFile) = StartTree(outlivesHost: true);
        try
        {
            Sentinel sentinel = Sentinel.TryStart()!;
            sentinel.Note(Sentinel.Added(999_999, "ffffffffffffffff", TimeSpan.FromSeconds(1)));
            sentinel.Note(Sentinel.Added(child.Id, child.Marker, TimeSpan.FromMilliseconds(500)));
            sentinel.Note(Sentinel.Removed(child.Id));
            sentinel.Note(Sentinel.Removed(999_999));

            // The host died in the middle of a line: without its closing dot it names no group.
            sentinel.Note("+" + child.Id.ToString(CultureInfo.InvariantCulture) + " 5 " + child.Marker);
            sentinel.Abandon();

            Assert.True(await AllGoneWithin([sentinel.Id], TimeSpan.FromSeconds(2)), "the sentinel did not end");
            Assert.All(ReadPids(pidFile), pid => Assert.True(IsRunning(pid), $"process {pid} of a forgotten group was signalled"));
        }
        finally
        {
            await EndAsync(child);
        }
    }

    [LinuxFact]
    public async Task A_sentinel_that_was_killed_is_replaced_with_the_next_group()
    {
        (UnixChildProcess first, _) = StartTree(outlivesHost: true);
        (UnixChildProcess second, _) = StartTree(outlivesHost: true);
        var registry = new KillGroupRegistry(useSentinel: true);
        try
        {
            registry.Register(first, first.Marker, TimeSpan.FromSeconds(1));
            int killed = registry.SentinelId;
            Assert.True(killed > 0);
            Libc.kill(killed, Libc.SIGKILL);
            Assert.True(await AllGoneWithin([killed], TimeSpan.FromSeconds(2)));

            registry.Register(second, second.Marker, TimeSpan.FromSeconds(1));
            Assert.NotEqual(killed, registry.SentinelId);
            Assert.True(IsRunning(registry.SentinelId));
        }
        finally
        {
            registry.Retire(first);
            registry.Retire(second);
            await EndAsync(first);
            await EndAsync(second);
        }
    }

    [LinuxFact]
    public async Task A_child_is_registered_until_just_before_it_is_reaped()
    {
        var start = new ChildStartInfo
        {
            ProgramPath = "/bin/true",
            Arguments = [],
            WorkingDirectory = _scratch,
            Environment = new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin" },
        };
        using IChildProcess child = ChildProcess.Start(start, new Discard());
        await child.Exited.WaitAsync(TimeSpan.FromSeconds(10));

        // Exited but not reaped: its zombie still holds the number, and so does the registry.
        Assert.Contains(KillGroupRegistry.Process.Snapshot(), group => group.Child == child);
        Assert.True(KillGroupRegistry.Process.SentinelId > 0, "no sentinel was started with the first child");
        child.Collect();
        Assert.DoesNotContain(KillGroupRegistry.Process.Snapshot(), group => group.Child == child);
    }

    [LinuxFact]
    public async Task A_child_that_outlives_the_host_is_never_registered()
    {
        (UnixChildProcess child, _) = StartTree(outlivesHost: true);
        try
        {
            Assert.DoesNotContain(KillGroupRegistry.Process.Snapshot(), group => group.Child == child);
        }
        finally
        {
            await EndAsync(child);
        }
    }

    [UnixFact]
    public void Once_the_host_exits_nothing_new_starts_and_the_live_groups_are_handed_over_once()
    {
        var registry = new KillGroupRegistry(useSentinel: false);
        registry.ThrowIfExiting();
        Assert.Empty(registry.BeginHostExit("SIGTERM"));
        Assert.Equal("SIGTERM", registry.ExitReason);
        var refused = Assert.Throws<ProcessStartException>(registry.ThrowIfExiting);
        Assert.Contains("host is exiting (SIGTERM)", refused.Message, StringComparison.Ordinal);
        Assert.True(registry.WaitUntilEmpty(TimeSpan.Zero));
    }

    [Fact]
    public void Lines_for_the_sentinel_name_the_group_its_grace_in_tenths_and_its_marker()
    {
        Assert.Equal("+1234 5 0123456789abcdef .\n", Sentinel.Added(1234, "0123456789abcdef", TimeSpan.FromMilliseconds(450)));
        Assert.Equal("+7 50 m .\n", Sentinel.Added(7, "m", TimeSpan.FromSeconds(5)));
        Assert.Equal("-1234 .\n", Sentinel.Removed(1234));
    }
}
