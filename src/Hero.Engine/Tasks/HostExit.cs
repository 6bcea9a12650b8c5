using System;
using System.Collections.Generic;
using System.Threading;
using Hero.Logging;
using Hero.Processes;
#if NET
using System.Runtime.InteropServices;
using Hero.Processes.Unix;
#else
using Hero.Processes.Windows;
#endif

namespace Hero.Tasks;

/// <summary>A graceful end of the host is not an escape for its trees: on SIGTERM, SIGHUP or SIGQUIT
/// (on Windows the console's close, logoff and shutdown events), and when the process exits while
/// tasks still run in other runspaces, every live kill group gets the stop sequence with its grace
/// bounded to <see cref="KillGroupRegistry.MaxHostExitGrace"/>, each task logs why it stopped, the
/// log is flushed, and only then does the process exit (128 + the signal's number on Unix).
/// Sudden death (SIGKILL, a crash) is the sentinel's part, see <see cref="Processes.Unix.Sentinel"/>.</summary>
internal static class HostExit
{
    /// <summary>Beyond the grace: time for the kill and for each attempt to collect its child.</summary>
    private static readonly TimeSpan AfterGrace = TimeSpan.FromSeconds(2);

    /// <summary>How long a group just spawned may take to be watched by its attempt.</summary>
    private static readonly TimeSpan OwnerWait = TimeSpan.FromSeconds(1);

    private static int s_hooked;
#if NET
    private static readonly List<PosixSignalRegistration> Registrations = [];
#endif

    /// <summary>Set by a host that handles SIGTERM itself (a guardian's worker, for which SIGTERM is
    /// "stop", with the full grace): when it returns true the signal is the host's, not an exit.
    /// Needed because the runtime does not promise which of two registrations runs first.</summary>
    public static Func<string, bool>? Interceptor { get; set; }

    /// <summary>What the host is exiting on ("SIGTERM", "process exit"), for the tasks' messages.</summary>
    public static string Reason => KillGroupRegistry.Process.ExitReason ?? "process exit";

    /// <summary>Routes a host exit to the attempt that runs <paramref name="child"/> until the handle is
    /// disposed.</summary>
    public static IDisposable Watch(IChildProcess child, Action stop) => KillGroupRegistry.Process.Watch(child, stop);

    public static TimeSpan Bound(TimeSpan grace) => KillGroupRegistry.BoundToHostExit(grace);

    /// <summary>Installs the hooks, once: called before the first child is spawned, so a signal in its
    /// first instant already finds them. A session that runs no task is left as it was.</summary>
    public static void Hook()
    {
        if (Volatile.Read(ref s_hooked) != 0 || Interlocked.Exchange(ref s_hooked, 1) != 0) return;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => StopAll(KillGroupRegistry.Process, "process exit");
#if NET
        foreach ((PosixSignal signal, int number) in new[] { (PosixSignal.SIGTERM, Libc.SIGTERM), (PosixSignal.SIGHUP, Libc.SIGHUP), (PosixSignal.SIGQUIT, Libc.SIGQUIT) })
        {
            // Ignored when the host started (nohup): the user asked for the tasks to go on.
            if (!ChildProcess.IsWindows && Libc.IsIgnored(number)) continue;
            try
            {
                Registrations.Add(PosixSignalRegistration.Create(signal, OnSignal));
            }
            catch (Exception e) when (e is PlatformNotSupportedException or System.IO.IOException or UnauthorizedAccessException)
            {
                // This platform cannot hook the signal; ProcessExit and the sentinel still hold.
            }
        }
#else
        if (ChildProcess.IsWindows)
        {
            ConsoleControl.Install(name => StopAll(KillGroupRegistry.Process, name));
        }
#endif
    }

#if NET
    private static void OnSignal(PosixSignalContext context)
    {
        // Cancelled by an earlier handler: the process goes on (pwsh turns SIGQUIT into a Ctrl+Break
        // that stops the running pipeline, and its tasks stop that way). With nothing running, the
        // runtime's usual handling is all there is to do.
        if (context.Cancel) return;
        if (Interceptor is { } intercept && intercept(context.Signal.ToString()))
        {
            context.Cancel = true;
            return;
        }

        if (KillGroupRegistry.Process.LiveCount == 0) return;
        StopAll(KillGroupRegistry.Process, Describe(context.Signal));
        if (ChildProcess.IsWindows) return; // Windows ends the process when the handler returns.
        context.Cancel = true;
        int number = context.Signal switch
        {
            PosixSignal.SIGHUP => Libc.SIGHUP,
            PosixSignal.SIGQUIT => Libc.SIGQUIT,
            _ => Libc.SIGTERM,
        };
        Environment.Exit(128 + number);
    }

    private static string Describe(PosixSignal signal) => ChildProcess.IsWindows
        ? signal switch
        {
            PosixSignal.SIGHUP => "console close",
            PosixSignal.SIGTERM => "logoff or shutdown",
            _ => "Ctrl+Break",
        }
        : signal.ToString();
#endif

    /// <summary>Marks the host as exiting (nothing new starts), has every live group stopped by its
    /// owner (an attempt, which logs it) or, for a group nobody owns, directly; waits for them all to
    /// retire, kills outright what a stuck owner left, and flushes the log. Runs once: a later call (a
    /// second SIGTERM, the process exit that follows the first) waits for the first to finish.</summary>
    internal static void StopAll(KillGroupRegistry registry, string reason)
    {
        IReadOnlyList<KillGroup>? groups = registry.BeginHostExit(reason);
        if (groups is null)
        {
            registry.WaitForHostExit(KillGroupRegistry.MaxHostExitGrace + AfterGrace + OwnerWait + TimeSpan.FromSeconds(4));
            return;
        }

        try
        {
            Stop(registry, groups);
            HeroLog.Flush(TimeSpan.FromSeconds(2));
        }
        finally
        {
            registry.EndHostExit();
        }
    }

    private static void Stop(KillGroupRegistry registry, IReadOnlyList<KillGroup> groups)
    {
        if (groups.Count > 0)
        {
            TimeSpan grace = TimeSpan.Zero;
            var unowned = new List<KillGroup>();
            foreach (KillGroup group in groups)
            {
                if (group.HostExitGrace > grace) grace = group.HostExitGrace;
                if (!group.TryNotifyHostExit()) unowned.Add(group);
            }

            // Just spawned, its attempt about to watch it (which then hears of the exit at once); or
            // started outside an attempt, so nobody will.
            foreach (KillGroup group in unowned.Count == 0 ? unowned : registry.WaitForOwners(unowned, OwnerWait))
            {
                _ = TreeTerminator.StopAsync(group.Child, group.HostExitGrace);
            }

            if (!registry.WaitUntilEmpty(grace + AfterGrace))
            {
                foreach (KillGroup left in registry.Snapshot())
                {
                    left.Child.SignalTree(force: true);
                }

                registry.WaitUntilEmpty(TimeSpan.FromSeconds(1));
            }
        }
    }
}
