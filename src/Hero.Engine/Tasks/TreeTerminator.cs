using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading.Tasks;
using Hero.Processes;
using Hero.Threading;

namespace Hero.Tasks;

/// <summary>The stop sequence used for timeouts, stalls, Ctrl+C and leftovers: a graceful signal to
/// the whole kill group, up to the grace period for it to act, then a hard kill of whatever is still
/// alive, then a short bounded wait until it is gone.</summary>
internal static class TreeTerminator
{
    private static readonly TimeSpan HardKillWait = TimeSpan.FromSeconds(3);

    /// <returns>How many distinct processes were alive when signalled.</returns>
    public static async Task<int> StopAsync(IChildProcess child, TimeSpan grace)
    {
        var reached = new HashSet<int>(child.SignalTree(force: false));
        if (grace > TimeSpan.Zero)
        {
            var clock = Stopwatch.StartNew();
            await child.Exited.CompletesWithin(grace).ConfigureAwait(false);
            await WaitForTreeAsync(child, grace - clock.Elapsed).ConfigureAwait(false);
        }

        if (!child.Exited.IsCompleted || child.TreeHasLiveMembers())
        {
            reached.UnionWith(child.SignalTree(force: true));
            await child.Exited.CompletesWithin(HardKillWait).ConfigureAwait(false);
            await WaitForTreeAsync(child, TimeSpan.FromSeconds(1)).ConfigureAwait(false);
        }

        return reached.Count;
    }

    /// <summary>Waits, with a short backoff, until no member is left. Only used while stopping, so
    /// the checks are few and bounded.</summary>
    private static async Task WaitForTreeAsync(IChildProcess child, TimeSpan budget)
    {
        var clock = Stopwatch.StartNew();
        int pause = 10;
        while (clock.Elapsed < budget && child.TreeHasLiveMembers())
        {
            TimeSpan left = budget - clock.Elapsed;
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(1, Math.Min(pause, left.TotalMilliseconds)))).ConfigureAwait(false);
            pause = Math.Min(pause * 2, 200);
        }
    }
}
