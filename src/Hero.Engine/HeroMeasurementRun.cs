using System;

namespace Hero;

/// <summary>One timed run of a measurement. Times run from Hero's own spawn of the child to its exit;
/// CPU and memory cover the whole process tree where the platform can tell (null where it cannot,
/// never a fake 0).</summary>
public sealed class HeroMeasurementRun
{
    /// <summary>1 for the first timed run (warmup runs are not counted).</summary>
    public int Number { get; init; }

    public DateTime StartTime { get; init; }

    public TimeSpan Duration { get; init; }

    public TimeSpan? UserTime { get; init; }

    public TimeSpan? SystemTime { get; init; }

    public long? PeakMemoryBytes { get; init; }

    /// <summary>The child's exit code; 128 + N when signal N ended it, 124 when it timed out or stalled.</summary>
    public int ExitCode { get; init; }

    /// <summary>Succeeded, Failed (exit code not in -SuccessExitCode), TimedOut or Stalled.</summary>
    public HeroTaskStatus Status { get; init; }

    /// <summary>True when its modified Z-score marks it as a statistical outlier.</summary>
    public bool IsOutlier { get; internal set; }

    /// <summary>The last lines the run wrote to stderr (a few KiB), kept for the error of a failed run.</summary>
    public string? StdErr { get; init; }

    public TimeSpan? CpuTime => UserTime is { } user && SystemTime is { } system ? user + system : null;
}
