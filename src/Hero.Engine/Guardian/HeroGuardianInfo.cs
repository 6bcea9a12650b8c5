using System;

namespace Hero.Guardian;

/// <summary>One guardian as Get-HeroGuardian reports it, read from its state folder. Times are UTC.</summary>
public sealed class HeroGuardianInfo
{
    public string Name { get; set; } = string.Empty;

    public HeroGuardianState State { get; set; }

    public GuardianMode Mode { get; set; }

    public GuardianDutyKind Duty { get; set; }

    /// <summary>What is guarded: the command (secrets masked), or the backup or health run.</summary>
    public string Command { get; set; } = string.Empty;

    public int? WorkerPid { get; set; }

    /// <summary>The guarded command's pid while it runs (a duty's while a run is going).</summary>
    public int? ChildPid { get; set; }

    /// <summary>Restarts since the worker started (restart requests not counted).</summary>
    public int Restarts { get; set; }

    public int? LastExitCode { get; set; }

    public DateTime? LastExitTime { get; set; }

    /// <summary>Why the child last ended: "exited", "health probe", "watchdog", "memory", ...</summary>
    public string? LastExitReason { get; set; }

    /// <summary>How long the current child has been running; null when none runs.</summary>
    public TimeSpan? Uptime { get; set; }

    /// <summary>The next run of a duty, or the next restart while in Backoff.</summary>
    public DateTime? NextRun { get; set; }

    public int Runs { get; set; }

    public int SkippedRuns { get; set; }

    public string? LastRunResult { get; set; }

    public DateTime? LastRunTime { get; set; }

    /// <summary>Resident memory of the child's whole tree at the last heartbeat.</summary>
    public long? TreeMemoryBytes { get; set; }

    public DateTime? Heartbeat { get; set; }

    public TimeSpan HeartbeatInterval { get; set; }

    public DateTime? WorkerStartTime { get; set; }

    /// <summary>Why the guardian is Fatal, Stale or Stopped, when there is more to say.</summary>
    public string? Message { get; set; }

    /// <summary>The trace id every event of this guardian carries (@tr in the Hero log).</summary>
    public string CorrelationId { get; set; } = string.Empty;

    public string StateDirectory { get; set; } = string.Empty;

    /// <summary>The guarded command's current output file (Get-HeroGuardianLog reads it and the rotated ones).</summary>
    public string OutputPath { get; set; } = string.Empty;

    /// <summary>The Hero log the worker writes its lifecycle events to.</summary>
    public string? LogPath { get; set; }

    /// <summary>The file the child touches for the watchdog ($env:HERO_HEARTBEAT_FILE).</summary>
    public string HeartbeatFile { get; set; } = string.Empty;

    /// <summary>The service that runs the worker when it was started with -Persist, else null.</summary>
    public string? Service { get; set; }

    public override string ToString() => $"{Name}: {State}";
}
