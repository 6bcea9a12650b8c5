using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Runtime.Versioning;
using System.Threading.Tasks;
using Hero.Processes;
using Hero.Processes.Unix;
using Hero.Tests.Support;

namespace Hero.Tests.Processes.Unix;

/// <summary>The host-death sentinel with real processes. The sentinel under test is one of its own
/// (not this process's), and its pipe is closed as the death of the host would close it.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class SentinelTests : RealTreeTestBase
{
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

    [Fact]
    public void Lines_for_the_sentinel_name_the_group_its_grace_in_tenths_and_its_marker()
    {
        Assert.Equal("+1234 5 0123456789abcdef .\n", Sentinel.Added(1234, "0123456789abcdef", TimeSpan.FromMilliseconds(450)));
        Assert.Equal("+7 50 m .\n", Sentinel.Added(7, "m", TimeSpan.FromSeconds(5)));
        Assert.Equal("-1234 .\n", Sentinel.Removed(1234));
    }
}
