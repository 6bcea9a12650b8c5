using System;
using System.Collections.Generic;
using System.Linq;
using Hero.Measurement;

namespace Hero.Slo;

/// <summary>The aggregate of a sample and the confidence interval the verdict allows for: avg with
/// Student's t, med and p(N) from order statistics, rate with Clopper–Pearson; min, max and count
/// say what the runs did, so they have no interval. An interval that cannot be had at the level
/// (too few runs) has null bounds.</summary>
internal sealed record SloEstimate(double Value, double? Lower, double? Upper, double Confidence, string? Method)
{
    public bool HasInterval => Method is not null;

    public static SloEstimate Of(ThresholdAggregation aggregation, double percentile, IReadOnlyList<double> values, double level)
    {
        double[] sorted = SampleStatistics.Sorted(values);
        bool interval = level > 0;
        switch (aggregation)
        {
            case ThresholdAggregation.Min:
                return Exact(sorted[0]);
            case ThresholdAggregation.Max:
                return Exact(sorted[sorted.Length - 1]);
            case ThresholdAggregation.Count:
                return Exact(values.Count(v => v != 0));
            case ThresholdAggregation.Rate:
                int hits = values.Count(v => v != 0);
                double rate = hits / (double)values.Count;
                if (!interval) return Exact(rate);
                (double low, double high) = ClopperPearson.Compute(hits, values.Count, level);
                return new SloEstimate(rate, low, high, level, ClopperPearson.Method);
            case ThresholdAggregation.Avg:
                double mean = SampleStatistics.Mean(values);
                if (!interval) return Exact(mean);
                if (SampleStatistics.StandardDeviation(values) is not { } sd) return new SloEstimate(mean, null, null, level, "Student t");
                double half = StudentT.Quantile(1 - (1 - level) / 2, values.Count - 1) * sd / Math.Sqrt(values.Count);
                return new SloEstimate(mean, mean - half, mean + half, level, "Student t");
            default:
                double p = aggregation == ThresholdAggregation.Med ? 0.5 : percentile / 100;
                double value = SampleStatistics.Percentile(sorted, p);
                if (!interval) return Exact(value);
                (double? lower, double? upper, double coverage) = QuantileInterval.Of(sorted, p, level);
                return new SloEstimate(value, lower, upper, lower is null && upper is null ? level : coverage, QuantileInterval.Method);
        }
    }

    public static SloEstimate Exact(double value) => new(value, value, value, 1, null);

    /// <summary>The estimate divided by a baseline's value, for thresholds like 'p(95) &lt; 1.2 * baseline'.</summary>
    public SloEstimate Over(double baseline) => this with { Value = Value / baseline, Lower = Lower / baseline, Upper = Upper / baseline };

    public HeroSloInterval? ToInterval() => HasInterval ? new HeroSloInterval { Lower = Lower, Upper = Upper, Confidence = Confidence, Method = Method! } : null;
}
