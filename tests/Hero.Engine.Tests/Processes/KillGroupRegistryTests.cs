using System;
using System.Collections.Generic;
using System.Runtime.Versioning;
using System.Threading.Tasks;
using Hero.Processes;
using Hero.Processes.Unix;
using Hero.Tests.Support;

namespace Hero.Tests.Processes;

/// <summary>The registry of live kill groups: what is in it, and when.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class KillGroupRegistryTests : RealTreeTestBase
{
    [LinuxFact]
    public async Task A_child_is_registered_until_just_before_it_is_reaped()
    {
        var start = new ChildStartInfo
        {
            ProgramPath = "/bin/true",
            Arguments = [],
            WorkingDirectory = Scratch,
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
        Assert.Empty(registry.BeginHostExit("SIGTERM")!);
        Assert.Equal("SIGTERM", registry.ExitReason);
        Assert.Null(registry.BeginHostExit("process exit"));
        Assert.Equal("SIGTERM", registry.ExitReason);
        Assert.False(registry.WaitForHostExit(TimeSpan.Zero));
        registry.EndHostExit();
        Assert.True(registry.WaitForHostExit(TimeSpan.Zero));
        var refused = Assert.Throws<ProcessStartException>(registry.ThrowIfExiting);
        Assert.Contains("host is exiting (SIGTERM)", refused.Message, StringComparison.Ordinal);
        Assert.True(registry.WaitUntilEmpty(TimeSpan.Zero));
    }
}
