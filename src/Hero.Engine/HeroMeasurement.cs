using System;
using System.Collections.Generic;

namespace Hero;

/// <summary>What Measure-HeroTask found for one target: the timed runs and their statistics. Times
/// are wall-clock durations from Hero's spawn of the child to its exit. P95 and P99 interpolate
/// linearly between the closest ranks (Hyndman and Fan's type 7, as numpy and Excel's PERCENTILE.INC
/// do); StdDev is the sample standard deviation (n - 1); MedianCI is a distribution-free interval
/// from order statistics (binomial).</summary>
public sealed class HeroMeasurement
{
    public string Name { get; init; } = string.Empty;

    /// <summary>What ran, as a shell would show it (secrets masked).</summary>
    public string Command { get; init; } = string.Empty;

    public IReadOnlyList<HeroMeasurementRun> Runs { get; init; } = [];

    public int Warmup { get; init; }

    public TimeSpan Mean { get; init; }

    /// <summary>Null with a single run.</summary>
    public TimeSpan? StdDev { get; init; }

    public TimeSpan Median { get; init; }

    public TimeSpan Min { get; init; }

    public TimeSpan Max { get; init; }

    public TimeSpan P95 { get; init; }

    public TimeSpan P99 { get; init; }

    /// <summary>95 % confidence interval of the median; null with fewer than 6 runs, where no
    /// order-statistic interval reaches 95 %.</summary>
    public HeroConfidenceInterval? MedianCI { get; init; }

    public TimeSpan? UserMean { get; init; }

    public TimeSpan? SystemMean { get; init; }

    /// <summary>The largest peak of the whole tree over all runs.</summary>
    public long? PeakMemoryMax { get; init; }

    public long? PeakMemoryMean { get; init; }

    public HeroMeasurementSource? CpuSource { get; init; }

    public HeroMeasurementSource? MemorySource { get; init; }

    /// <summary>Numbers of the runs whose modified Z-score is above 14.826 (ten MAD-based standard
    /// deviations, hyperfine's rule).</summary>
    public IReadOnlyList<int> Outliers { get; init; } = [];

    /// <summary>hyperfine's warnings: outliers, a slow first run, failures ignored.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public IReadOnlyList<int> ExitCodes { get; init; } = [];

    /// <summary>The parameter-scan values this target was run with (name to value).</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    public DateTime StartTime { get; init; }

    public DateTime EndTime { get; init; }

    public override string ToString() => $"{Name}: {Mean.TotalMilliseconds:0.###} ms";
}
