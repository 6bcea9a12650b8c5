using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Hero.Slo;

namespace Hero.Guardian;

/// <summary>The guardians under a state root and what each one's files say, judged: a state that
/// claims a live worker is Stale when the worker's heartbeat is older than three intervals, or when its
/// process is gone or is not the one that wrote it (its pid was reused).</summary>
public static class GuardianCatalog
{
    /// <summary>How many heartbeat intervals may pass before the worker counts as gone.</summary>
    public const int StaleAfterIntervals = 3;

    public static IReadOnlyList<string> Names(string root)
    {
        if (!Directory.Exists(root)) return [];
        return Directory.EnumerateDirectories(root)
            .Where(d => File.Exists(Path.Combine(d, "guardian.json")))
            .Select(Path.GetFileName)
            .OfType<string>()
            .OrderBy(n => n, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    /// <summary>Names matching a PowerShell wildcard (*, ?, [a-c], backtick escapes), case-insensitively:
    /// the syntax the cmdlets' WildcardPattern check takes for a wildcard.</summary>
    public static IReadOnlyList<string> Matching(string root, string pattern)
    {
        var wildcard = new TaskPattern(pattern);
        return Names(root).Where(wildcard.Matches).ToList();
    }

    /// <exception cref="HeroGuardianException">No guardian of that name (NotFound).</exception>
    public static HeroGuardianInfo Read(GuardianPaths paths)
    {
        if (!paths.Exists)
        {
            throw NotFound(paths);
        }

        GuardianSpec spec = GuardianSpec.Read(paths);
        GuardianStateRecord? state = GuardianStateRecord.TryRead(paths.StateFile);
        return Describe(paths, spec, state, DateTime.UtcNow);
    }

    internal static HeroGuardianException NotFound(GuardianPaths paths)
    {
        IReadOnlyList<string> known = Names(paths.Root);
        string others = known.Count == 0 ? "there are none" : "known: " + string.Join(", ", known);
        return new HeroGuardianException(HeroGuardianProblem.NotFound, paths.Name,
            $"There is no guardian named '{paths.Name}' in {paths.Root} ({others}).");
    }

    internal static HeroGuardianInfo Describe(GuardianPaths paths, GuardianSpec spec, GuardianStateRecord? state, DateTime now)
    {
        var info = new HeroGuardianInfo
        {
            Name = paths.Name,
            Mode = spec.Mode,
            Duty = spec.Duty,
            Command = spec.Display,
            CorrelationId = spec.TraceId,
            StateDirectory = paths.Folder,
            OutputPath = GuardianOutputFiles.Current(paths.Folder),
            LogPath = string.IsNullOrEmpty(spec.HeroLog.Path) ? paths.DefaultHeroLog : spec.HeroLog.Path,
            HeartbeatFile = paths.HeartbeatFile,
            HeartbeatInterval = spec.HeartbeatInterval,
            Service = spec.ServiceName,
        };
        if (state is null)
        {
            info.State = GuardianLock.LiveHolder(paths) is null ? HeroGuardianState.Stopped : HeroGuardianState.Starting;
            info.Message = info.State == HeroGuardianState.Stopped ? "The worker never reported." : null;
            return info;
        }

        info.State = state.State;
        info.WorkerPid = state.WorkerPid;
        info.ChildPid = state.ChildPid;
        info.Restarts = state.Restarts;
        info.LastExitCode = state.LastExitCode;
        info.LastExitTime = state.LastExitTime;
        info.LastExitReason = state.LastExitReason;
        info.NextRun = state.NextRun;
        info.Runs = state.Runs;
        info.SkippedRuns = state.SkippedRuns;
        info.LastRunResult = state.LastRunResult;
        info.LastRunTime = state.LastRunTime;
        info.TreeMemoryBytes = state.TreeMemoryBytes;
        info.Heartbeat = state.Heartbeat;
        info.WorkerStartTime = state.WorkerStartedAt;
        info.Message = state.Message;
        if (state.HeartbeatIntervalMs > 0) info.HeartbeatInterval = TimeSpan.FromMilliseconds(state.HeartbeatIntervalMs);
        if (state.ChildPid is not null && state.ChildStartedAt is DateTime started) info.Uptime = now - started;

        string? stale = IsLive(state.State) ? StaleReason(state, info.HeartbeatInterval, now) : null;
        if (IsLive(state.State) && state.Worker is null && GuardianLock.LiveHolder(paths) is null)
        {
            stale = "The start did not finish: no worker took over from the session that started it.";
        }

        if (stale is not null)
        {
            info.State = HeroGuardianState.Stale;
            info.Message = stale;
            info.Uptime = null;
        }

        if (!IsLive(info.State))
        {
            info.ChildPid = null;
            info.Uptime = null;
            if (info.State != HeroGuardianState.Stale) info.NextRun = null;
        }

        return info;
    }

    internal static bool IsLive(HeroGuardianState state) => state is HeroGuardianState.Starting or HeroGuardianState.Running or HeroGuardianState.Backoff;

    /// <summary>Why a state that claims a live worker cannot be believed, or null.</summary>
    internal static string? StaleReason(GuardianStateRecord state, TimeSpan interval, DateTime now)
    {
        if (state.Worker is not { } worker)
        {
            return null;
        }

        if (!worker.IsAlive())
        {
            return $"The worker (process {worker.Pid}) is gone: it ended without reporting (killed, or its machine restarted).";
        }

        if (state.Heartbeat is DateTime beat && now - beat > TimeSpan.FromTicks(interval.Ticks * StaleAfterIntervals))
        {
            return $"The worker (process {worker.Pid}) has not reported for {(now - beat).TotalSeconds:0.0} s (more than {StaleAfterIntervals} heartbeat intervals of {interval.TotalSeconds:0.###} s).";
        }

        return null;
    }
}
