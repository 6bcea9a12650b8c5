using System;
using System.Linq;
using Hero.Measurement;

namespace Hero.Tests.Slo;

/// <summary>The statistics behind the verdicts, against values from tables: quantile intervals
/// (the median's equal MedianInterval's), Clopper–Pearson bounds, Student's t quantiles and the
/// Mann–Whitney critical values and ratio interval.</summary>
public sealed class StatisticsTests
{
    [Theory]
    [InlineData(6)]
    [InlineData(10)]
    [InlineData(20)]
    [InlineData(101)]
    [InlineData(5000)]
    public void TheMediansQuantileIntervalIsMedianInterval(int n)
    {
        (int lower, int upper, double confidence) = MedianInterval.Compute(n)!.Value;
        (int? qLower, int? qUpper, double qConfidence) = QuantileInterval.Compute(n, 0.5, 0.95);
        Assert.Equal(lower, qLower);
        Assert.Equal(upper, qUpper);
        Assert.Equal(confidence, qConfidence, 9);
    }

    /// <summary>p(95) needs 72 runs before any order statistic bounds it from above with 2.5 % in
    /// that tail (0.95^72 &lt; 0.025 &lt; 0.95^71), but 20 runs bound it from below.</summary>
    [Fact]
    public void HighPercentilesNeedManyRunsForAnUpperBound()
    {
        (int? lower, int? upper, _) = QuantileInterval.Compute(20, 0.95, 0.95);
        Assert.Null(upper);
        Assert.Equal(16, lower); // x(17): P(B <= 16) = 0.016 for B ~ Bin(20, 0.95)
        Assert.Null(QuantileInterval.Compute(71, 0.95, 0.95).Upper);
        Assert.NotNull(QuantileInterval.Compute(72, 0.95, 0.95).Upper);
        Assert.Null(QuantileInterval.Compute(3, 0.5, 0.95).Lower);
    }

    [Theory]
    [InlineData(0, 10, 0.0, 0.308497)]
    [InlineData(10, 10, 0.691503, 1.0)]
    [InlineData(5, 10, 0.187086, 0.812914)]
    [InlineData(95, 100, 0.887165, 0.983568)]
    public void ClopperPearsonMatchesTheTables(int successes, int trials, double lower, double upper)
    {
        (double low, double high) = ClopperPearson.Compute(successes, trials, 0.95);
        Assert.InRange(low, lower - 2e-6, lower + 2e-6);
        Assert.InRange(high, upper - 2e-6, upper + 2e-6);
    }

    [Theory]
    [InlineData(1, 12.7062)]
    [InlineData(2, 4.3027)]
    [InlineData(3, 3.1824)]
    [InlineData(5, 2.5706)]
    [InlineData(19, 2.0930)]
    [InlineData(100, 1.9840)]
    public void StudentsTQuantiles(int df, double expected) => Assert.Equal(expected, StudentT.Quantile(0.975, df), 2);

    [Fact]
    public void NormalQuantile() => Assert.Equal(1.959964, StudentT.Normal(0.975), 5);

    /// <summary>Two-sided 5 % critical values of U from the tables (reject when U &lt;= c): the interval
    /// uses the (c + 1)-th differences.</summary>
    [Theory]
    [InlineData(5, 5, 2)]
    [InlineData(10, 10, 23)]
    [InlineData(20, 20, 127)]
    [InlineData(8, 12, 22)]
    public void MannWhitneyCriticalValues(int m, int n, int critical)
    {
        (int k, double coverage) = MannWhitney.CriticalCount(m, n, 0.95)!.Value;
        Assert.Equal(critical + 1, k);
        Assert.True(coverage >= 0.95);
    }

    [Fact]
    public void TheExactDistributionSumsToOneAndIsSymmetric()
    {
        double[] p = MannWhitney.ExactDistribution(7, 9);
        Assert.Equal(64, p.Length);
        Assert.Equal(1, p.Sum(), 12);
        for (int u = 0; u < p.Length; u++) Assert.Equal(p[u], p[p.Length - 1 - u], 12);
        Assert.Equal(1.0 / 11440, p[0], 15); // 1 / C(16, 7)
    }

    [Fact]
    public void TooFewRunsHaveNoInterval() => Assert.Null(MannWhitney.CriticalCount(3, 3, 0.95));

    [Fact]
    public void TheRatioOfAScaledSampleIsItsScaleWithATightInterval()
    {
        double[] baseline = Enumerable.Range(0, 20).Select(i => 0.100 + 0.0005 * i).ToArray();
        double[] current = baseline.Select(v => v * 1.3).ToArray();
        (double ratio, double? lower, double? upper, double coverage) = MannWhitney.Ratio(baseline, current, 0.95);
        Assert.Equal(1.3, ratio, 6);
        Assert.True(lower > 1.25 && upper < 1.35, $"[{lower}, {upper}]");
        Assert.True(coverage >= 0.95);
    }

    [Fact]
    public void TheRatioOfASampleToItselfIsOne()
    {
        var random = new Random(7);
        double[] baseline = Enumerable.Range(0, 20).Select(_ => 0.1 + 0.01 * random.NextDouble()).ToArray();
        (double ratio, double? lower, double? upper, _) = MannWhitney.Ratio(baseline, baseline, 0.95);
        Assert.Equal(1, ratio, 9);
        Assert.True(lower < 1 && upper > 1);
    }

    [Fact]
    public void LargeSamplesUseTheNormalApproximation()
    {
        (int k, _) = MannWhitney.CriticalCount(60, 60, 0.95)!.Value;
        double expected = 1800 - 1.959964 * Math.Sqrt(3600 * 121 / 12.0) + 0.5;
        Assert.Equal((int)Math.Floor(expected), k);
    }
}
