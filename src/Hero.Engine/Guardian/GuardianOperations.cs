using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Hero.Processes;
using Hero.Processes.Unix;

namespace Hero.Guardian;

/// <summary>Stop, restart and remove, from any session: by request files the worker acts on, and when a
/// worker does not, by ending that worker's tree and nothing else (the worker by pid and start, then
/// its recorded child's tree by group and marker).</summary>
internal static class GuardianOperations
{
    /// <summary>Asks the worker to stop and waits up to <paramref name="timeout"/> for it to end; then
    /// ends it by force. A stale guardian's orphaned child is ended too.</summary>
    /// <returns>The guardian afterwards, and whether force was needed.</returns>
    public static async Task<(HeroGuardianInfo Info, bool Forced)> StopAsync(GuardianPaths paths, TimeSpan timeout, CancellationToken cancel)
    {
        GuardianSpec spec = GuardianSpec.Read(paths);
        if (spec.Service is not null)
        {
            await ServiceInstaller.StopAsync(spec, paths, cancel).ConfigureAwait(false);
        }

        GuardianStateRecord? state = GuardianStateRecord.TryRead(paths.StateFile);
        bool forced = false;
        if (state?.Worker is { } worker && worker.IsAlive())
        {
            GuardianControl.Send(paths.StopRequest);
            if (!await WaitAsync(() => !worker.IsAlive(), timeout, cancel).ConfigureAwait(false))
            {
                forced = true;
                await EndWorkerTreeAsync(paths, spec, worker, cancel).ConfigureAwait(false);
            }
        }
        else if (state?.Child is { } child && child.IsLocal)
        {
            // Stale: the worker is gone; its child may not be.
            await new RecordedTree(child, state.ChildMarker).StopAsync(spec.GracePeriod, cancel).ConfigureAwait(false);
        }

        MarkStopped(paths, forced ? $"Ended by force: the worker did not stop within {timeout.TotalSeconds:0.###} s of the request." : null);
        return (GuardianCatalog.Read(paths), forced);
    }

    /// <summary>Restarts the child of a running guardian (the worker goes on); starts the worker again
    /// when it is not running (Stopped, Fatal or Stale).</summary>
    /// <returns>True when the worker restarted its child; false when the worker has to be launched.</returns>
    public static async Task<bool> RequestRestartAsync(GuardianPaths paths, TimeSpan timeout, CancellationToken cancel)
    {
        GuardianStateRecord? state = GuardianStateRecord.TryRead(paths.StateFile);
        if (state?.Worker is not { } worker || !worker.IsAlive()) return false;
        if (!GuardianCatalog.IsLive(state.State))
        {
            // Fatal or Stopped: the worker is on its way out; the new one can have the lock once it is gone.
            await WaitAsync(() => !worker.IsAlive(), TimeSpan.FromSeconds(10), cancel).ConfigureAwait(false);
            return false;
        }

        string id = GuardianControl.Send(paths.RestartRequest);
        bool handled = await WaitAsync(() => GuardianStateRecord.TryRead(paths.StateFile)?.HandledRequest == id || !worker.IsAlive(), timeout, cancel).ConfigureAwait(false);
        if (!handled)
        {
            throw new HeroGuardianException(HeroGuardianProblem.StopFailed, paths.Name,
                $"The worker of guardian '{paths.Name}' (process {worker.Pid}) did not restart its command within {timeout.TotalSeconds:0.###} s.");
        }

        // A worker that ended instead (it was stopping, or gave up meanwhile) is started again.
        if (GuardianStateRecord.TryRead(paths.StateFile)?.HandledRequest == id) return true;
        try { File.Delete(paths.RestartRequest); } catch (IOException) { }
        return false;
    }

    /// <summary>Deletes a guardian that no worker runs: its folder, its service definition, and any
    /// tree a dead worker left.</summary>
    public static async Task RemoveAsync(GuardianPaths paths, CancellationToken cancel)
    {
        GuardianSpec spec = GuardianSpec.Read(paths);
        GuardianStateRecord? state = GuardianStateRecord.TryRead(paths.StateFile);
        GuardianLock.Holder? holder = GuardianLock.LiveHolder(paths);
        if ((state?.Worker is { } worker && worker.IsAlive()) || holder is not null)
        {
            int pid = state?.WorkerPid ?? holder?.Process.Pid ?? 0;
            throw new HeroGuardianException(HeroGuardianProblem.StillRunning, paths.Name,
                $"The guardian '{paths.Name}' is running (worker process {pid}): stop it first with Stop-HeroGuardian -Name {paths.Name}.");
        }

        if (state?.Child is { } child && child.IsLocal)
        {
            await new RecordedTree(child, state.ChildMarker).StopAsync(spec.GracePeriod, cancel).ConfigureAwait(false);
        }

        if (spec.Service is not null)
        {
            await ServiceInstaller.UninstallAsync(spec, paths, cancel).ConfigureAwait(false);
        }

        Directory.Delete(paths.Folder, recursive: true);
    }

    /// <summary>The worker did not stop: SIGKILL to it (it is stuck; a graceful signal is what it just
    /// ignored), then the stop sequence on its child's tree, which its sentinel is ending too.</summary>
    private static async Task EndWorkerTreeAsync(GuardianPaths paths, GuardianSpec spec, ProcessIdentity worker, CancellationToken cancel)
    {
        if (ChildProcess.IsWindows)
        {
            await new RecordedTree(worker, null).StopAsync(TimeSpan.Zero, cancel).ConfigureAwait(false);
        }
        else if (worker.IsAlive())
        {
            Libc.kill(worker.Pid, Libc.SIGKILL);
            await WaitAsync(() => !worker.IsAlive(), TimeSpan.FromSeconds(3), cancel).ConfigureAwait(false);
        }

        GuardianStateRecord? state = GuardianStateRecord.TryRead(paths.StateFile);
        if (state?.Child is { } child)
        {
            await new RecordedTree(child, state.ChildMarker).StopAsync(spec.GracePeriod, cancel).ConfigureAwait(false);
        }

        GuardianLock.Release(paths, null);
        GuardianLock.RemoveIfStale(paths);
    }

    /// <summary>Records the end the worker could not record itself: a forced stop, or a worker that
    /// was already gone. A worker that stopped on request has written its own end.</summary>
    private static void MarkStopped(GuardianPaths paths, string? forcedMessage)
    {
        GuardianStateRecord? state = GuardianStateRecord.TryRead(paths.StateFile);
        if (state is null || (forcedMessage is null && !GuardianCatalog.IsLive(state.State))) return;
        state.State = HeroGuardianState.Stopped;
        state.ChildPid = null;
        state.ChildStartedAt = null;
        state.NextRun = null;
        state.LaunchToken = null;
        state.Message = forcedMessage ?? "Stopped; its worker had already ended without reporting.";
        state.Write(paths.StateFile);
    }

    internal static async Task<bool> WaitAsync(Func<bool> done, TimeSpan budget, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        while (!done())
        {
            if (clock.Elapsed >= budget) return false;
            await Task.Delay(50, cancel).ConfigureAwait(false);
        }

        return true;
    }
}
