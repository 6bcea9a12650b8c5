using System;
using System.Linq;
using Hero.Measurement;

namespace Hero.Tests.Measurement;

/// <summary>Textbook values: the sample 2, 4, 4, 4, 5, 5, 7, 9 has mean 5, population standard
/// deviation 2 and sample standard deviation sqrt(32 / 7).</summary>
public sealed class SampleStatisticsTests
{
    private static readonly double[] Textbook = [2, 4, 4, 4, 5, 5, 7, 9];

    [Fact]
    public void MeanAndSampleStandardDeviation()
    {
        Assert.Equal(5, SampleStatistics.Mean(Textbook), 12);
        Assert.Equal(Math.Sqrt(32.0 / 7), SampleStatistics.StandardDeviation(Textbook)!.Value, 12);
    }

    [Fact]
    public void StandardDeviationNeedsTwoValues()
    {
        Assert.Null(SampleStatistics.StandardDeviation([3.0]));
        Assert.Equal(0, SampleStatistics.StandardDeviation([3.0, 3.0])!.Value, 12);
    }

    [Fact]
    public void StandardDeviationKeepsPrecisionFarFromZero()
    {
        double[] shifted = Textbook.Select(v => v + 1e9).ToArray();
        Assert.Equal(Math.Sqrt(32.0 / 7), SampleStatistics.StandardDeviation(shifted)!.Value, 6);
    }

    [Fact]
    public void MedianOfEvenAndOddCounts()
    {
        Assert.Equal(4.5, SampleStatistics.Median(SampleStatistics.Sorted(Textbook)), 12);
        Assert.Equal(3, SampleStatistics.Median(SampleStatistics.Sorted([5.0, 1, 3])), 12);
    }

    /// <summary>Type 7: h = (n - 1) p on the 0-based sorted values. For n = 8: P95 at h = 6.65 is
    /// 7 + 0.65 (9 - 7) = 8.3, P99 at h = 6.93 is 8.86, P25 at h = 1.75 is 4, P0 and P100 the ends.</summary>
    [Theory]
    [InlineData(0.95, 8.3)]
    [InlineData(0.99, 8.86)]
    [InlineData(0.25, 4)]
    [InlineData(0, 2)]
    [InlineData(1, 9)]
    public void PercentileInterpolatesBetweenClosestRanks(double p, double expected)
    {
        Assert.Equal(expected, SampleStatistics.Percentile(SampleStatistics.Sorted(Textbook), p), 12);
    }

    /// <summary>Values 1..100: P95 is 95.05 and P99 is 99.01 (numpy.percentile gives the same).</summary>
    [Fact]
    public void PercentileOfOneToHundred()
    {
        double[] values = Enumerable.Range(1, 100).Select(i => (double)i).ToArray();
        Assert.Equal(95.05, SampleStatistics.Percentile(values, 0.95), 9);
        Assert.Equal(99.01, SampleStatistics.Percentile(values, 0.99), 9);
    }

    [Fact]
    public void PercentileOfOneValueIsThatValue()
    {
        Assert.Equal(7, SampleStatistics.Percentile([7.0], 0.95));
    }
}
