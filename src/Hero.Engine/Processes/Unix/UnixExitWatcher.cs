using System;
using System.Runtime.InteropServices;

namespace Hero.Processes.Unix;

/// <summary>How a child ended, learnt in two steps on Linux: <see cref="ObserveExit"/> sees the exit
/// without reaping (waitid WNOWAIT), and <see cref="Collect"/> reaps it later with wait4, adding the
/// kernel's accounting. Elsewhere the exit is learnt by reaping.</summary>
internal sealed unsafe class UnixExitWatcher
{
    private readonly int _pid;

    // Told just before the child is reaped (after, where reaping is how the exit is learnt): a
    // number the registry still holds is never one the kernel may have handed out again.
    private readonly Action _beforeReap;

    // glibc's posix_spawn shares pwsh's memory until exec: the child's ru_maxrss starts at this.
    private readonly long _parentHighWater;
    private readonly object _exitGate = new();

    // One collector at a time: a second wait4 would find no child and lose the rusage.
    private readonly object _collectGate = new();
    private ChildExit? _observedExit;
    private ChildExit? _collectedExit;
    private bool _collected;

    public UnixExitWatcher(int pid, long parentHighWater, Action beforeReap)
    {
        _pid = pid;
        _parentHighWater = parentHighWater;
        _beforeReap = beforeReap;
    }

    /// <summary>The exit as far as it is known: reaped, else observed, else null.</summary>
    public ChildExit? Known
    {
        get
        {
            lock (_exitGate) return _collectedExit ?? _observedExit;
        }
    }

    /// <summary>Linux: learns how the child ended without reaping it. The zombie keeps its pid and
    /// process group id reserved, so the sweeps that follow (leftovers, stop sequence) can never
    /// signal a recycled group; <see cref="Collect"/> reaps it afterwards.</summary>
    public bool ObserveExit(bool blocking)
    {
        byte* info = stackalloc byte[Libc.SiginfoBytes];
        for (int i = 0; i < Libc.SiginfoBytes; i++) info[i] = 0;
        int result;
        do
        {
            result = Libc.waitid(Libc.P_PID, _pid, info, Libc.WEXITED | Libc.WNOWAIT_LINUX | (blocking ? 0 : Libc.WNOHANG));
        }
        while (result < 0 && Libc.LastError == Libc.EINTR);

        if (result < 0)
        {
            // ECHILD: someone else reaped it (pwsh as PID 1): the child is gone, its status is lost.
            _beforeReap();
            lock (_exitGate) _observedExit = ChildExit.Unknown;
            _collected = true;
            return true;
        }

        (int code, int status) = Libc.SiginfoChild(info);
        if (code == 0)
        {
            return false; // WNOHANG: not exited yet.
        }

        long seen = System.Diagnostics.Stopwatch.GetTimestamp();
        lock (_exitGate)
        {
            _observedExit = code == Libc.CLD_EXITED
                ? new ChildExit(status, null, null, null) { ExitTimestamp = seen }
                : new ChildExit(null, status, null, null) { ExitTimestamp = seen };
        }

        return true;
    }

    /// <summary>Reaps the child once the sweeps are done and adds what the kernel accounted for it
    /// (its own and its waited-for descendants' CPU and peak memory).</summary>
    public ChildExit Collect()
    {
        lock (_collectGate)
        {
            if (!_collected)
            {
                Reap(blocking: false);
            }

            lock (_exitGate)
            {
                return _collectedExit ?? _observedExit ?? ChildExit.Unknown;
            }
        }
    }

    /// <summary>Reaps (wait4) with the rusage. Without blocking it returns false while the child runs.</summary>
    public bool Reap(bool blocking)
    {
        int result;
        int status;
        Libc.RUsage usage;
        if (!blocking)
        {
            _beforeReap();
        }

        do
        {
            result = Libc.wait4(_pid, out status, blocking ? 0 : Libc.WNOHANG, out usage);
        }
        while (result < 0 && Libc.LastError == Libc.EINTR);

        if (result == 0)
        {
            return false;
        }

        long seen = System.Diagnostics.Stopwatch.GetTimestamp();
        if (blocking)
        {
            // Without waitid(WNOWAIT) the exit and the reap are one call; tell as soon as it returns.
            _beforeReap();
        }

        _collected = true;
        if (result != _pid)
        {
            // Someone else reaped it (pwsh as PID 1): the child is gone, its status is lost.
            lock (_exitGate) _collectedExit = _observedExit ?? ChildExit.Unknown;
            return true;
        }

        TimeSpan user = ToTimeSpan(usage.UserTime);
        TimeSpan system = ToTimeSpan(usage.SystemTime);
        TimeSpan cpu = user + system;
        long? peak = RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? usage.MaxRss : usage.MaxRss * 1024;
        if (ChildProcess.IsLinux && peak <= _parentHighWater)
        {
            // glibc's posix_spawn shares pwsh's memory until exec, and the kernel carries pwsh's
            // high-water mark into the child's ru_maxrss: a value at or below it says nothing.
            peak = null;
        }

        lock (_exitGate)
        {
            ChildExit reaped = Libc.WIfSignaled(status)
                ? new ChildExit(null, Libc.WTermSig(status), cpu, peak)
                : new ChildExit(Libc.WExitStatus(status), null, cpu, peak);
            _collectedExit = reaped with { UserTime = user, SystemTime = system, ExitTimestamp = _observedExit?.ExitTimestamp ?? seen };
        }

        return true;
    }

    /// <summary>This process's peak resident size (its VmHWM), in bytes; 0 off Linux.</summary>
    public static long OwnHighWaterBytes()
    {
        if (!ChildProcess.IsLinux) return 0;
        return Libc.getrusage(Libc.RUSAGE_SELF, out Libc.RUsage self) == 0 ? self.MaxRss * 1024 : long.MaxValue;
    }

    private static TimeSpan ToTimeSpan(Libc.TimeVal value) =>
        TimeSpan.FromTicks(value.Seconds * TimeSpan.TicksPerSecond + value.Microseconds * 10);
}
