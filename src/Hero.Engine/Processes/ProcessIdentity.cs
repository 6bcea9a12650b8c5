using System;
using System.Diagnostics;
using Hero.Processes.Unix;

namespace Hero.Processes;

/// <summary>Who a process is, beyond its pid: the pid plus its start (on Linux the kernel's start
/// ticks, exact; elsewhere the start time, to within <see cref="StartTimeTolerance"/>) and the host. A
/// pid written into a lock or a state file is only "that process" while all of them still match: the
/// kernel hands a freed pid to the next process that asks.</summary>
internal sealed record ProcessIdentity(int Pid, ulong? StartTicks, DateTime? StartTime, string Host)
{
    public static readonly TimeSpan StartTimeTolerance = TimeSpan.FromSeconds(2);

    public static ProcessIdentity Current()
    {
        using Process self = Process.GetCurrentProcess();
        return Of(self.Id) ?? new ProcessIdentity(self.Id, null, null, Environment.MachineName);
    }

    /// <summary>The identity of a running process, or null when there is none with that pid.</summary>
    public static ProcessIdentity? Of(int pid)
    {
        ulong? ticks = null;
        if (ChildProcess.IsLinux)
        {
            if (!ProcessTable.TryReadStat(pid, out ProcessTable.StatLine stat) || stat.State is 'Z' or 'X') return null;
            ticks = stat.StartTicks;
        }

        try
        {
            using Process process = Process.GetProcessById(pid);
            DateTime? start;
            try
            {
                start = process.StartTime.ToUniversalTime();
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
            {
                start = null;
            }

            return new ProcessIdentity(pid, ticks, start, Environment.MachineName);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    public bool IsLocal => string.Equals(Host, Environment.MachineName, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether this very process still runs: same pid, same start, not a zombie. A process on
    /// another host cannot be checked and counts as running.</summary>
    public bool IsAlive()
    {
        if (!IsLocal) return true;
        if (ChildProcess.IsLinux && StartTicks is ulong ticks)
        {
            return ProcessTable.TryReadStat(Pid, out ProcessTable.StatLine stat) && stat.State is not 'Z' and not 'X' && stat.StartTicks == ticks;
        }

        try
        {
            using Process process = Process.GetProcessById(Pid);
            if (process.HasExited) return false;
            if (StartTime is not DateTime expected) return true;
            return (process.StartTime.ToUniversalTime() - expected).Duration() <= StartTimeTolerance;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            // Running, but its start cannot be read (another user's process): assume it is the one.
            return true;
        }
    }
}
