using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Hero.Processes;

namespace Hero.Guardian;

/// <summary>The caller's side of a start: claims the guardian's lock, writes the definition and a
/// first state, launches the worker detached (or has the service manager start it), and waits until
/// the worker has taken over and reported, so the caller learns at once whether it is running. A start
/// that fails leaves nothing behind: the lock is released, a folder this start created is removed.</summary>
internal static class GuardianLauncher
{
    /// <summary>How long a worker may take to come up: a pwsh start and a module import, on a machine
    /// that may be busy.</summary>
    public static readonly TimeSpan StartWait = TimeSpan.FromSeconds(60);

    public static async Task<HeroGuardianInfo> LaunchAsync(GuardianSpec spec, GuardianPaths paths, ChildStartInfo worker, CancellationToken cancel)
    {
        bool created = !Directory.Exists(paths.Folder);
        CreatePrivateFolder(paths.Folder);
        string token = Guid.NewGuid().ToString("N");
        try
        {
            GuardianLock.Claim(paths, token);
        }
        catch
        {
            if (created) TryDeleteFolder(paths.Folder);
            throw;
        }

        int? launched = null;
        bool installed = false;
        try
        {
            GuardianStateRecord? previous = GuardianStateRecord.TryRead(paths.StateFile);
            spec.Write(paths.SpecFile);
            new GuardianStateRecord
            {
                Name = spec.Name,
                State = HeroGuardianState.Starting,
                LaunchToken = token,
                Host = Environment.MachineName,
                LastExitCode = previous?.LastExitCode,
                LastExitTime = previous?.LastExitTime,
                LastExitReason = previous?.LastExitReason,
                LastRunResult = previous?.LastRunResult,
                LastRunTime = previous?.LastRunTime,
                // The record of a child the last worker may have left: the new worker ends it first.
                ChildPid = previous?.ChildPid,
                ChildStartTicks = previous?.ChildStartTicks,
                ChildProcessStart = previous?.ChildProcessStart,
                ChildMarker = previous?.ChildMarker,
                Heartbeat = DateTime.UtcNow,
                HeartbeatIntervalMs = spec.HeartbeatIntervalMs,
            }.Write(paths.StateFile);
            long logStart = File.Exists(paths.WorkerLog) ? new FileInfo(paths.WorkerLog).Length : 0;
            if (spec.Service is not null)
            {
                await ServiceInstaller.InstallAsync(spec, paths, cancel).ConfigureAwait(false);
                installed = true;
            }
            else
            {
                launched = DetachedProcess.Start(worker, paths.WorkerLog);
            }

            ProcessIdentity? launchedProcess = launched is int pid ? ProcessIdentity.Of(pid) : null;
            return await WaitForWorkerAsync(paths, token, launchedProcess, logStart, cancel).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            if (launched is int pid && ProcessIdentity.Of(pid) is { } process && process.IsAlive())
            {
                await new RecordedTree(process, null).StopAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
            }

            if (installed)
            {
                // The service started but its worker never reported: it must not come back at the next login.
                await ServiceInstaller.StopAsync(spec, paths, CancellationToken.None).ConfigureAwait(false);
                await ServiceInstaller.UninstallAsync(spec, paths, CancellationToken.None).ConfigureAwait(false);
            }

            GuardianLock.Release(paths, token);
            if (created && e is not HeroGuardianException { Problem: HeroGuardianProblem.AlreadyRunning })
            {
                TryDeleteFolder(paths.Folder);
            }
            else
            {
                GuardianStateRecord? state = GuardianStateRecord.TryRead(paths.StateFile);
                if (state is not null && state.LaunchToken == token)
                {
                    state.State = HeroGuardianState.Stopped;
                    state.Message = "The start failed: " + e.Message;
                    state.LaunchToken = null;
                    state.Write(paths.StateFile);
                }
            }

            throw;
        }
    }

    private static async Task<HeroGuardianInfo> WaitForWorkerAsync(GuardianPaths paths, string token, ProcessIdentity? launched, long logStart, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            GuardianStateRecord? state = GuardianStateRecord.TryRead(paths.StateFile);
            if (state is not null && state.LaunchedBy == token && state.State != HeroGuardianState.Starting)
            {
                return GuardianCatalog.Read(paths);
            }

            bool workerUp = state is not null && state.LaunchedBy == token;
            if (!workerUp && launched is not null && !launched.IsAlive())
            {
                throw new HeroGuardianException(HeroGuardianProblem.StartFailed, paths.Name,
                    $"The worker of guardian '{paths.Name}' ended before it took over." + WorkerOutput(paths, logStart));
            }

            if (workerUp && state!.Worker is { } worker && !worker.IsAlive())
            {
                throw new HeroGuardianException(HeroGuardianProblem.StartFailed, paths.Name,
                    $"The worker of guardian '{paths.Name}' (process {worker.Pid}) ended while starting." + WorkerOutput(paths, logStart));
            }

            if (clock.Elapsed > StartWait)
            {
                throw new HeroGuardianException(HeroGuardianProblem.StartFailed, paths.Name,
                    $"The worker of guardian '{paths.Name}' did not report within {StartWait.TotalSeconds:0} s." + WorkerOutput(paths, logStart));
            }

            await Task.Delay(50, cancel).ConfigureAwait(false);
        }
    }

    /// <summary>What the worker printed (PowerShell's own errors when it could not even load Hero).</summary>
    private static string WorkerOutput(GuardianPaths paths, long from)
    {
        try
        {
            using var stream = new FileStream(paths.WorkerLog, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            stream.Seek(Math.Min(from, stream.Length), SeekOrigin.Begin);
            string text = new StreamReader(stream).ReadToEnd().Trim();
            if (text.Length == 0) return string.Empty;
            string[] lines = text.Split('\n');
            return " It printed: " + string.Join(" ", lines.Skip(Math.Max(0, lines.Length - 10)).Select(l => l.Trim()));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }

    /// <summary>The folder may hold the command's environment (guardian.json): the user's alone.</summary>
    internal static void CreatePrivateFolder(string folder)
    {
        Directory.CreateDirectory(folder);
#if NET
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
#endif
    }

    internal static void TryDeleteFolder(string folder)
    {
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
