using System;

namespace Hero.Health;

/// <summary>What one health check found. Also a row of the health summary and, for a failed check,
/// part of the TargetObject of the HeroHealthCritical error.</summary>
public sealed class HeroHealthResult
{
    public string Name { get; set; } = string.Empty;

    /// <summary>The check kind: PowerShell, DotNet, DiskFree, Memory, Command, TcpPort, Http, Git,
    /// BackupAge, LogErrors or Custom.</summary>
    public string Kind { get; set; } = string.Empty;

    public HeroHealthStatus Status { get; set; }

    /// <summary>What was measured, typed: a Version, a byte count, a count, a TimeSpan, an HTTP
    /// status code; null when nothing could be measured.</summary>
    public object? Value { get; set; }

    /// <summary>The thresholds the value was judged against, as text.</summary>
    public string? Threshold { get; set; }

    public string Message { get; set; } = string.Empty;

    public TimeSpan Duration { get; set; }

    /// <summary>UTC.</summary>
    public DateTime StartTime { get; set; }

    /// <summary>The last lines a command check printed (secrets masked); null for in-process checks.</summary>
    public string? OutputTail { get; set; }

    /// <summary>The declared fix, as it would run; null when the check declares none.</summary>
    public string? Fix { get; set; }

    /// <summary>The fix's run, when -Fix ran it; the result then describes the check run again after
    /// the fix.</summary>
    public HeroTaskResult? FixResult { get; set; }

    /// <summary>Critical, Error and TimedOut: the statuses that make a run fail.</summary>
    public bool IsProblem => Status is HeroHealthStatus.Critical or HeroHealthStatus.Error or HeroHealthStatus.TimedOut;

    public override string ToString() => $"{Name}: {Status} ({Message})";
}
