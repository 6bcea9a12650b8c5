using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Hero.Processes.Unix;

namespace Hero.Processes;

/// <summary>A kill group known only from a record another process wrote (a guardian's state file):
/// the child that led it, by pid and start, and on Unix its HERO_KILL_GROUP marker. Used to end what a
/// worker left when it died, or what a stuck worker still runs. Only the recorded tree is reached: its
/// process group while its leader is the recorded one, the processes carrying its marker and their
/// descendants, never anything started before it.</summary>
internal sealed class RecordedTree
{
    private static readonly TimeSpan HardKillWait = TimeSpan.FromSeconds(3);

    private readonly ProcessIdentity _leader;
    private readonly string? _marker;

    public RecordedTree(ProcessIdentity leader, string? marker)
    {
        _leader = leader;
        _marker = marker;
    }

    /// <summary>Ids of the live members right now (none for a record of another host).</summary>
    public List<int> LiveMembers()
    {
        if (!_leader.IsLocal) return [];
        if (ChildProcess.IsWindows)
        {
            return _leader.IsAlive() ? [_leader.Pid] : [];
        }

        if (ChildProcess.IsLinux)
        {
            // The start ticks rule out processes older than the child, so a group number the
            // kernel has since handed to someone else is not read as ours.
            if (_leader.StartTicks is not ulong ticks) return _leader.IsAlive() ? [_leader.Pid] : [];
            return new ProcessTable(_leader.Pid, _marker ?? Guid.NewGuid().ToString("N"), ticks).LiveMembers();
        }

        // Elsewhere the group and its ppid descendants, and only while the leader is the recorded one.
        return _leader.IsAlive() ? new ProcessTable(_leader.Pid, _marker ?? string.Empty).LiveMembers() : [];
    }

    /// <summary>The stop sequence on the recorded tree: SIGTERM (and SIGCONT) to every member, up to
    /// <paramref name="grace"/> for them to go, then SIGKILL to what is left. On Windows the leader's
    /// whole tree is ended at once (it has no graceful signal to give).</summary>
    /// <returns>How many processes were alive when signalled.</returns>
    public async Task<int> StopAsync(TimeSpan grace, CancellationToken cancel = default)
    {
        List<int> members = LiveMembers();
        if (members.Count == 0) return 0;
        var reached = new HashSet<int>(members);
        if (ChildProcess.IsWindows)
        {
            KillWindowsTree(_leader.Pid);
            await WaitGoneAsync(HardKillWait, cancel).ConfigureAwait(false);
            return reached.Count;
        }

        Signal(members, Libc.SIGTERM);
        Signal(members, Libc.SIGCONT);
        if (!await WaitGoneAsync(grace, cancel).ConfigureAwait(false))
        {
            List<int> left = LiveMembers();
            reached.UnionWith(left);
            Signal(left, Libc.SIGKILL);
            await WaitGoneAsync(HardKillWait, cancel).ConfigureAwait(false);
        }

        return reached.Count;
    }

    private static void Signal(List<int> pids, int signal)
    {
        foreach (int pid in pids) Libc.kill(pid, signal);
    }

    private async Task<bool> WaitGoneAsync(TimeSpan budget, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        int pause = 10;
        while (LiveMembers().Count > 0)
        {
            if (clock.Elapsed >= budget) return false;
            await Task.Delay(Math.Max(1, Math.Min(pause, (int)(budget - clock.Elapsed).TotalMilliseconds)), cancel).ConfigureAwait(false);
            pause = Math.Min(pause * 2, 200);
        }

        return true;
    }

    private static void KillWindowsTree(int pid)
    {
        try
        {
            using Process process = Process.GetProcessById(pid);
#if NET
            process.Kill(entireProcessTree: true);
#else
            process.Kill();
#endif
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Gone already.
        }
    }
}
