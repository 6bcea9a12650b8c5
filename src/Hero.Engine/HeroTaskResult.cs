using System;

namespace Hero;

/// <summary>What happened to one task. Also the TargetObject of its error record.</summary>
public sealed class HeroTaskResult
{
    public string Name { get; set; } = string.Empty;

    public string CorrelationId { get; set; } = string.Empty;

    /// <summary>The task's span in the trace (16 hex): its own events carry it, its attempts' events
    /// name it as their parent, so <c>Get-HeroLog -SpanId</c> finds them all.</summary>
    public string? SpanId { get; set; }

    public HeroTaskStatus Status { get; set; }

    /// <summary>The child's exit code; 124 timed out or stalled, 130 cancelled, 127 not found,
    /// 126 not executable, 128+N killed by signal N.</summary>
    public int ExitCode { get; set; }

    public int Attempts { get; set; }

    /// <summary>UTC.</summary>
    public DateTime StartTime { get; set; }

    /// <summary>UTC.</summary>
    public DateTime EndTime { get; set; }

    public TimeSpan Duration { get; set; }

    public string StdOut { get; set; } = string.Empty;

    public string StdErr { get; set; } = string.Empty;

    public bool Truncated { get; set; }

    /// <summary>Whole tree, best effort; null when the platform could not tell.</summary>
    public long? PeakMemoryBytes { get; set; }

    /// <summary>Whole tree, best effort; null when the platform could not tell.</summary>
    public TimeSpan? CpuTime { get; set; }

    public int KilledProcessCount { get; set; }

    /// <summary>The command as run, secrets masked.</summary>
    public string Command { get; set; } = string.Empty;

    /// <summary>One sentence on why the task did not succeed; null when it did.</summary>
    public string? Message { get; set; }

    /// <summary>The signal that ended the child, when one did.</summary>
    public int? Signal { get; set; }

    public string? OutputPath { get; set; }

    /// <summary>What a script-block task wrote to its output stream; null for programs.</summary>
    public object[]? Output { get; set; }

    public bool Succeeded => Status == HeroTaskStatus.Succeeded;

    public override string ToString() => $"{Name}: {Status} (exit {ExitCode}, {Duration.TotalSeconds:0.###}s)";
}
