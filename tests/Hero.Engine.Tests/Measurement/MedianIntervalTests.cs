using System;
using Hero.Measurement;

namespace Hero.Tests.Measurement;

/// <summary>The order-statistic interval of the median against values from binomial tables: for
/// n = 10 it is [x(2), x(9)] with coverage 1 - 2 * 11/1024; for n = 20, [x(6), x(15)] with coverage
/// 1 - 2 * 21700/2^20.</summary>
public sealed class MedianIntervalTests
{
    [Fact]
    public void TenRuns()
    {
        (int lower, int upper, double confidence) = MedianInterval.Compute(10)!.Value;
        Assert.Equal((1, 8), (lower, upper));
        Assert.Equal(1 - 2 * 11.0 / 1024, confidence, 12);
    }

    [Fact]
    public void TwentyRuns()
    {
        (int lower, int upper, double confidence) = MedianInterval.Compute(20)!.Value;
        Assert.Equal((5, 14), (lower, upper));
        Assert.Equal(1 - 2 * 21700.0 / 1048576, confidence, 12);
    }

    [Fact]
    public void SixRunsAreTheFewestThatReachNinetyFivePercent()
    {
        Assert.Null(MedianInterval.Compute(5));
        (int lower, int upper, double confidence) = MedianInterval.Compute(6)!.Value;
        Assert.Equal((0, 5), (lower, upper));
        Assert.Equal(1 - 2.0 / 64, confidence, 12);
    }

    /// <summary>For large n the ranks approach n/2 -+ 1.96 sqrt(n)/2 and nothing underflows.</summary>
    [Fact]
    public void ThousandsOfRuns()
    {
        (int lower, int upper, double confidence) = MedianInterval.Compute(10000)!.Value;
        Assert.InRange(lower, 4900, 4903);
        Assert.Equal(10000 - 1 - lower, upper);
        Assert.InRange(confidence, 0.95, 0.955);
    }

    [Fact]
    public void IntervalOfValuesUsesThoseRanks()
    {
        double[] sorted = SampleStatistics.Sorted([0.010, 0.012, 0.011, 0.013, 0.009, 0.014, 0.015, 0.008, 0.016, 0.020]);
        HeroConfidenceInterval interval = MedianInterval.Of(sorted)!;
        Assert.Equal(TimeSpan.FromMilliseconds(9), interval.Lower);
        Assert.Equal(TimeSpan.FromMilliseconds(16), interval.Upper);
        Assert.Equal(MedianInterval.Method, interval.Method);
        Assert.True(interval.Contains(TimeSpan.FromMilliseconds(12.5)));
    }
}
