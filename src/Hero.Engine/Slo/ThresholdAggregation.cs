namespace Hero.Slo;

/// <summary>k6's aggregations: avg, min, max, med, p(N) over the values; rate, the share of samples
/// whose value is not 0; count, how many samples are not 0 (for success: the runs that succeeded,
/// for exitcode: those that exited non-zero).</summary>
internal enum ThresholdAggregation
{
    Avg,
    Min,
    Max,
    Med,
    Percentile,
    Rate,
    Count,
}
