using System;
using System.Collections.Generic;
using System.Threading;
using Hero.Processes.Unix;
using Hero.Processes.Windows;

namespace Hero.Processes;

/// <summary>Starts a process meant to outlive this one (a guardian's worker): in a session of its own
/// on Linux (a process group of its own elsewhere on Unix), outside this process's Job Object on
/// Windows, with stdin the null device and stdout and stderr appended to a file, since the pipes of a
/// caller that has gone would break it. It is never registered as a live kill group, so neither a host
/// exit nor the host-death sentinel stops it, and it does not inherit the kill-group marker of a task
/// this process may itself run in: the end of that task must not reach it.</summary>
internal static unsafe class DetachedProcess
{
    /// <returns>The new process's id.</returns>
    /// <exception cref="ProcessStartException">It could not start.</exception>
    public static int Start(ChildStartInfo start, string outputPath)
    {
        if (!start.OutlivesHost)
        {
            throw new ArgumentException("A detached launch must say that it outlives the host (ChildStartInfo.OutlivesHost).", nameof(start));
        }

        var environment = new Dictionary<string, string>(ChildProcess.IsWindows ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        foreach (KeyValuePair<string, string> variable in start.Environment)
        {
            if (!string.Equals(variable.Key, ProcessTable.MarkerVariable, StringComparison.OrdinalIgnoreCase)) environment[variable.Key] = variable.Value;
        }

        return ChildProcess.IsWindows ? DetachedWindowsProcess.Start(start, environment, outputPath) : StartUnix(start, environment, outputPath);
    }

    private static int StartUnix(ChildStartInfo start, Dictionary<string, string> environment, string outputPath)
    {
        int append = ChildProcess.IsLinux ? 0x400 : 0x8;
        IntPtr path = NativeStrings.Allocate(outputPath);
        int fd;
        try
        {
            fd = Libc.open((byte*)path, Libc.O_WRONLY | Libc.O_CREAT | append | Libc.O_CLOEXEC, Convert.ToInt32("600", 8));
        }
        finally
        {
            System.Runtime.InteropServices.Marshal.FreeHGlobal(path);
        }

        if (fd < 0)
        {
            throw new ProcessStartException(StartFailureKind.Other, $"Could not open '{outputPath}' for the detached process's output (errno {Libc.LastError}).");
        }

        int pid;
        try
        {
            pid = PosixSpawn.Spawn(start, environment, -1, fd, fd);
        }
        finally
        {
            Libc.close(fd);
        }

        // This process is the parent until it ends: collect the child when it exits, or it would stay
        // a zombie here (and look alive) for as long as this session lives. A thread that sleeps in
        // waitpid costs nothing while it waits, and ends with the child or with this process.
        var reaper = new Thread(() =>
        {
            while (Libc.waitpid(pid, out _, 0) < 0 && Libc.LastError == Libc.EINTR)
            {
            }
        }, 64 * 1024) { IsBackground = true, Name = "hero-detached-reaper" };
        reaper.Start();
        return pid;
    }
}
