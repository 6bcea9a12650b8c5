using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Hero.Correlation;
using Hero.Logging;
using Hero.Processes;
using Hero.Security;
using Hero.Tasks;
using static Hero.Guardian.GuardianEvents;
#if NET
using System.Runtime.InteropServices;
#endif

namespace Hero.Guardian;

/// <summary>The worker: the detached pwsh (or a service) that runs one guardian until it is stopped,
/// it gives up, or its command is done for good. It takes the guardian's lock, ends whatever tree a
/// worker before it left behind, reports its state with a heartbeat, and runs the keep-alive or the
/// duty loop. SIGTERM (a service manager's stop) is a stop request like Stop-HeroGuardian's.</summary>
internal static class GuardianWorker
{
    /// <returns>The worker's exit code: 0 when it ended as it should (stopped, done, or Fatal), 3 when
    /// another live worker holds the guardian.</returns>
    public static async Task<int> RunAsync(GuardianPaths paths, IGuardianHost host)
    {
        GuardianSpec spec = GuardianSpec.Read(paths);
        TraceContext.OverrideForSession(spec.TraceId);
        foreach (string secret in spec.Secrets) SecretMasker.Default.Register(secret);
        ConfigureLog(spec, paths);
        var events = new GuardianEvents(spec.Name, spec.TraceId);

        GuardianStateRecord? previous = GuardianStateRecord.TryRead(paths.StateFile);
        string? token = previous?.LaunchToken;
        if (GuardianLock.TakeOver(paths, token) is { } holder)
        {
            events.Emit(HeroLogLevel.Error, "Guardian {Guardian}: another worker holds the guardian (process {HolderPid}); this one ends", P("HolderPid", holder.Process.Pid));
            HeroLog.Flush(TimeSpan.FromSeconds(2));
            return 3;
        }

        foreach (string stale in new[] { paths.StopRequest, paths.RestartRequest })
        {
            try { File.Delete(stale); } catch (IOException) { }
        }

        await EndOrphansAsync(previous, spec, events).ConfigureAwait(false);

        GuardianStateRecord initial = GuardianStateWriter.Initial(spec.Name, token);
        if (previous is not null)
        {
            initial.LastExitCode = previous.LastExitCode;
            initial.LastExitTime = previous.LastExitTime;
            initial.LastExitReason = previous.LastExitReason;
            initial.LastRunResult = previous.LastRunResult;
            initial.LastRunTime = previous.LastRunTime;
        }

        using var state = new GuardianStateWriter(paths, initial, spec.HeartbeatInterval);
        using var control = new GuardianControl(paths);
        using var output = new RotatingOutputLog(paths.Folder, spec.MaxLogSize, spec.RetainedLogCount);
        var run = new GuardianRun(spec, paths, state, events, control, output, host);
        events.Emit(HeroLogLevel.Information, "Guardian {Guardian} worker started (pid {Pid}) for {Mode}: {Command}",
            P("Pid", initial.WorkerPid), P("Mode", spec.Mode.ToString()), P("Command", spec.Display));

        using IDisposable signals = StopOnSignal(control);
        EventHandler onExit = (_, _) => state.Close(s =>
        {
            if (GuardianCatalog.IsLive(s.State))
            {
                s.State = HeroGuardianState.Stopped;
                s.Message = "The worker's process exited.";
            }
        });
        AppDomain.CurrentDomain.ProcessExit += onExit;
        HeroGuardianState end = HeroGuardianState.Stopped;
        try
        {
            if (spec.Mode == GuardianMode.KeepAlive)
            {
                var loop = new KeepAliveLoop(run);
                state.OnHeartbeat(loop.SampleMemory, control.Poll);
                end = await loop.RunAsync().ConfigureAwait(false);
            }
            else
            {
                state.OnHeartbeat(() => null, control.Poll);
                end = await new DutyLoop(run).RunAsync().ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            events.Emit(HeroLogLevel.Error, "Guardian {Guardian}: the worker failed: {Reason}", P("Reason", e.Message));
            state.Update(s =>
            {
                s.State = HeroGuardianState.Stopped;
                s.Message = "The worker failed: " + e.Message;
            });
        }
        finally
        {
            AppDomain.CurrentDomain.ProcessExit -= onExit;
            state.Close(s =>
            {
                s.ChildPid = null;
                s.ChildStartedAt = null;
                s.NextRun = null;
                if (control.StopRequestId is { } id) s.HandledRequest = id;
            });
            GuardianLock.Release(paths, null);
            events.Emit(HeroLogLevel.Information, "Guardian {Guardian} worker ended: {State}", P("State", end.ToString()));
            HeroLog.Flush(TimeSpan.FromSeconds(2));
        }

        return 0;
    }

    /// <summary>The Hero log of the worker: the caller's file when it had one, else the folder's own.</summary>
    private static void ConfigureLog(GuardianSpec spec, GuardianPaths paths)
    {
        HeroLoggingConfiguration settings = HeroLog.Settings;
        settings.Path = string.IsNullOrEmpty(spec.HeroLog.Path) ? paths.DefaultHeroLog : spec.HeroLog.Path;
        settings.MinimumLevel = spec.HeroLog.MinimumLevel;
        settings.Format = spec.HeroLog.Format;
        settings.MaxFileSize = spec.HeroLog.MaxFileSize;
        settings.RetainedFileCount = spec.HeroLog.RetainedFileCount;
        settings.Console = HeroLogConsole.Off;
        HeroLog.Configure(settings);
    }

    /// <summary>A worker killed outright leaves its child to its sentinel, which ends it within the
    /// grace; a machine that went down, or a sentinel that was killed too, may leave it running. The next
    /// worker ends that tree first: the recorded child by pid and start, its group and its marker.</summary>
    private static async Task EndOrphansAsync(GuardianStateRecord? previous, GuardianSpec spec, GuardianEvents events)
    {
        if (previous?.Child is not { } child || !child.IsLocal) return;
        var tree = new RecordedTree(child, previous.ChildMarker);
        if (tree.LiveMembers().Count == 0) return;
        int ended = await tree.StopAsync(spec.GracePeriod).ConfigureAwait(false);
        events.Emit(HeroLogLevel.Warning, "Guardian {Guardian}: ended {KilledProcessCount} process(es) that the last worker's command (pid {Pid}) left running",
            P("KilledProcessCount", ended), P("Pid", child.Pid));
    }

    private static IDisposable StopOnSignal(GuardianControl control)
    {
        // SIGTERM is a stop request, handled with the full grace, whichever of this registration and
        // the host-exit hooks (installed with the first child) the runtime calls first.
        HostExit.Interceptor = signal =>
        {
            if (signal != "SIGTERM") return false;
            control.RequestStop("signal");
            return true;
        };
#if NET
        try
        {
            return PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                control.RequestStop("signal");
            });
        }
        catch (Exception e) when (e is PlatformNotSupportedException or IOException or UnauthorizedAccessException)
        {
        }
#endif
        return new CancellationTokenSource();
    }
}
