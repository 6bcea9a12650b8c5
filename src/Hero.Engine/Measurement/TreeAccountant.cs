using System;
using System.Collections.Generic;
using System.Threading;
using Hero.Processes;
using Hero.Processes.Unix;

namespace Hero.Measurement;

/// <summary>Whole-tree figures by sampling the kill group, for hosts whose kernel does not account for
/// a tree as one (Linux; macOS for memory only, every 100 ms through ps). Every 20 ms (the first time
/// 5 ms after the start) it reads each live member's resident size and CPU; the peak of the summed
/// resident size is the tree's peak memory. wait4's rusage already holds the CPU of the child and of
/// every descendant that was waited for; what it misses is the CPU of descendants nobody in the tree
/// waited for (orphans, children of a parent that ignores SIGCHLD, leftovers Hero ends), so the last
/// CPU seen of each of those is added here. A process that lives and dies between two samples is not
/// seen: sampling gives a lower bound.</summary>
internal sealed class TreeAccountant : IDisposable
{
    internal static readonly TimeSpan FirstSample = TimeSpan.FromMilliseconds(5);

    /// <summary>Reading /proc costs little; starting ps (macOS) costs milliseconds of CPU.</summary>
    internal static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(ChildProcess.IsLinux ? 20 : 100);

    private readonly IChildProcess _child;
    private readonly object _gate = new();
    private readonly Timer _timer;
    private Dictionary<int, ProcessUsage> _last = [];
    private long _peak = -1;
    private TimeSpan _orphanUser;
    private TimeSpan _orphanSystem;
    private bool _stopped;

    private readonly bool _cpu;

    /// <param name="cpu">Account for CPU too: only where each process's reaped-children time can be
    /// read (Linux), so what wait4 already counted can be told apart.</param>
    public TreeAccountant(IChildProcess child, bool cpu)
    {
        _child = child;
        _cpu = cpu;
        _timer = new Timer(_ => Sample(), null, FirstSample, Interval);
    }

    /// <summary>The largest summed resident size seen; null when no sample saw a process.</summary>
    public long? PeakResidentBytes
    {
        get
        {
            lock (_gate) return _peak >= 0 ? _peak : null;
        }
    }

    /// <summary>CPU of descendants that left the tree without being waited for by it.</summary>
    public (TimeSpan User, TimeSpan System) UnwaitedCpu
    {
        get
        {
            lock (_gate) return (_orphanUser, _orphanSystem);
        }
    }

    public void Sample()
    {
        IReadOnlyList<ProcessUsage>? members;
        try
        {
            members = _child.SampleMembers();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return; // Sampling is best effort.
        }

        if (members is null) return;
        lock (_gate)
        {
            if (_stopped) return;
            Record(members);
        }
    }

    private void Record(IReadOnlyList<ProcessUsage> live)
    {
        var now = new Dictionary<int, ProcessUsage>(live.Count);
        long resident = 0;
        foreach (ProcessUsage member in live)
        {
            now[member.Pid] = member;
            resident += member.ResidentBytes;
        }

        if (live.Count > 0 && resident > _peak) _peak = resident;

        // An exited process stays in the books until it is reaped: while it is a zombie its parent
        // may still wait for it, or die first and leave it to init.
        if (_cpu)
        {
            foreach (int pid in _last.Keys)
            {
                if (!now.ContainsKey(pid) && TreeSampler.ReadZombie(pid) is { } zombie) now[pid] = zombie;
            }
        }

        // A process reaped since the last sample by a parent in the tree moved its CPU into that
        // parent's reaped time (and so on up to the child's rusage), unless the parent ignored
        // SIGCHLD and the kernel reaped it, which throws the CPU away: the parent's reaped time then
        // grows by less than its children had used. One whose parent was outside the tree (init,
        // after its own parent died) took its CPU away too.
        var goneByParent = new Dictionary<int, (TimeSpan User, TimeSpan System)>();
        foreach (KeyValuePair<int, ProcessUsage> previous in _last)
        {
            if (now.ContainsKey(previous.Key)) continue;
            ProcessUsage gone = previous.Value;
            if (!_last.ContainsKey(gone.ParentPid))
            {
                AddUnwaited(gone.User + gone.ReapedUser, gone.System + gone.ReapedSystem, gone.Pid);
            }
            else if (now.ContainsKey(gone.ParentPid))
            {
                goneByParent.TryGetValue(gone.ParentPid, out (TimeSpan User, TimeSpan System) sum);
                goneByParent[gone.ParentPid] = (sum.User + gone.User + gone.ReapedUser, sum.System + gone.System + gone.ReapedSystem);
            }
        }

        foreach (KeyValuePair<int, (TimeSpan User, TimeSpan System)> parent in goneByParent)
        {
            ProcessUsage before = _last[parent.Key];
            ProcessUsage after = now[parent.Key];
            TimeSpan grown = after.ReapedUser - before.ReapedUser + after.ReapedSystem - before.ReapedSystem;
            TimeSpan expected = parent.Value.User + parent.Value.System;
            TimeSpan missing = expected - grown;
            if (missing > ClockTickSlack && expected > TimeSpan.Zero)
            {
                double share = missing.Ticks / (double)expected.Ticks;
                AddUnwaited(TimeSpan.FromTicks((long)(parent.Value.User.Ticks * share)), TimeSpan.FromTicks((long)(parent.Value.System.Ticks * share)), 0);
            }
        }

        _last = now;
    }

    /// <summary>/proc counts CPU in clock ticks of 10 ms: smaller differences are rounding.</summary>
    private static readonly TimeSpan ClockTickSlack = TimeSpan.FromMilliseconds(20);

    private void AddUnwaited(TimeSpan user, TimeSpan system, int pid)
    {
        if (!_cpu || pid == _child.Id) return; // The child's own CPU is in its rusage.
        _orphanUser += user;
        _orphanSystem += system;
    }

    /// <summary>Stops sampling, after one last look if an earlier sample saw processes: those that
    /// are gone since were reaped or orphaned as <see cref="Record"/> tells, and whatever the tree
    /// still holds is about to be ended by Hero's sweep, so nobody in it will wait for it and its CPU
    /// counts now. A run too short for any sample costs nothing here.</summary>
    public void Stop()
    {
        _timer.Dispose();
        lock (_gate)
        {
            if (_stopped) return;
            _stopped = true;
            if (_last.Count > 0)
            {
                try
                {
                    if (_child.SampleMembers() is { } members) Record(members);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // Best effort: keep what the last sample saw.
                }
            }

            foreach (ProcessUsage usage in _last.Values) AddUnwaited(usage.User + usage.ReapedUser, usage.System + usage.ReapedSystem, usage.Pid);
            _last = [];
        }
    }

    public void Dispose() => Stop();
}
