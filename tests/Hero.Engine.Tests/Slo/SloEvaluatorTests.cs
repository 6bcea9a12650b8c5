using System.Collections.Generic;
using System.Linq;
using Hero.Slo;

namespace Hero.Tests.Slo;

/// <summary>The verdict logic on fixed sample sets: noise around a threshold is Inconclusive, clear
/// cases pass or fail, too few samples and no samples are never a pass, levels and grouping.</summary>
public sealed class SloEvaluatorTests
{
    /// <summary>20 runs spread evenly over 100 ms ± 10 %.</summary>
    private static readonly double[] Noisy = Enumerable.Range(0, 20).Select(i => 0.090 + 0.001 * (i + 0.5)).Reverse().ToArray();

    private static List<SloSample> Samples(string task, IEnumerable<double> seconds, bool success = true) =>
        seconds.Select(s => new SloSample(task, s, s / 2, 1024 * 1024, success, success ? 0 : 1)).ToList();

    private static HeroSloResult One(string threshold, IReadOnlyList<SloSample> samples, HeroSloMetric metric = HeroSloMetric.Duration, int minSamples = 1, HeroSloLevel level = HeroSloLevel.Error, IReadOnlyList<SloSample>? baseline = null) =>
        Assert.Single(SloEvaluator.Evaluate([SloObjectivePlan.Compile(new HeroSloObjective { Name = "t", Threshold = threshold, Metric = metric, MinSamples = minSamples, Level = level })], samples, baseline));

    [Theory]
    [InlineData("p(50) < 101ms", HeroSloVerdict.Inconclusive)]
    [InlineData("p(50) < 150ms", HeroSloVerdict.Pass)]
    [InlineData("p(50) < 60ms", HeroSloVerdict.Fail)]
    [InlineData("med > 99ms", HeroSloVerdict.Inconclusive)]
    [InlineData("avg < 100.5ms", HeroSloVerdict.Inconclusive)]
    [InlineData("avg < 104ms", HeroSloVerdict.Pass)]
    [InlineData("max < 110ms", HeroSloVerdict.Pass)]
    [InlineData("max < 109ms", HeroSloVerdict.Fail)]
    public void NoiseAroundTheThresholdCannotTell(string threshold, HeroSloVerdict verdict)
    {
        HeroSloResult result = One(threshold, Samples("noisy", Noisy));
        Assert.Equal(verdict, result.Verdict);
        Assert.Equal(20, result.Samples);
    }

    [Fact]
    public void TheMedianAndItsIntervalAreReported()
    {
        HeroSloResult result = One("p(50) < 101ms", Samples("noisy", Noisy));
        Assert.Equal(0.100, result.Actual!.Value, 9);
        Assert.Equal(0.0955, result.Interval!.Lower!.Value, 9); // x(6)
        Assert.Equal(0.1045, result.Interval.Upper!.Value, 9);  // x(15)
        Assert.Equal(SloUnits.Seconds, result.Unit);
        Assert.Equal(0.001 / 0.101, result.Margin!.Value, 9);
    }

    [Fact]
    public void FewerSamplesThanMinSamplesIsInconclusive()
    {
        HeroSloResult result = One("max < 1s", Samples("few", [0.1, 0.1, 0.1]), minSamples: 5);
        Assert.Equal(HeroSloVerdict.Inconclusive, result.Verdict);
        Assert.Equal(3, result.Samples);
        Assert.Contains("MinSamples", result.Message);
    }

    [Fact]
    public void NoMatchingSampleIsNoData()
    {
        HeroSloResult result = Assert.Single(SloEvaluator.Evaluate([SloObjectivePlan.Compile(new HeroSloObjective { Name = "t", Task = "deploy*", Threshold = "max < 1s" })], Samples("build", [0.1]), null));
        Assert.Equal(HeroSloVerdict.NoData, result.Verdict);
        Assert.Null(result.Actual);
    }

    [Fact]
    public void AMetricNoSampleHasIsNoData()
    {
        var samples = new List<SloSample> { new("build", 1, null, null, true, 0) };
        Assert.Equal(HeroSloVerdict.NoData, One("max < 1GB", samples, HeroSloMetric.Memory).Verdict);
    }

    [Fact]
    public void AWarningLevelWarns() => Assert.Equal(HeroSloVerdict.Warn, One("max < 50ms", Samples("noisy", Noisy), level: HeroSloLevel.Warning).Verdict);

    [Fact]
    public void RatesHaveExactBinomialIntervals()
    {
        List<SloSample> samples = [.. Samples("t", Enumerable.Repeat(0.1, 19)), .. Samples("t", [0.1], success: false)];
        Assert.Equal(HeroSloVerdict.Inconclusive, One("rate >= 90%", samples, HeroSloMetric.Success).Verdict);
        Assert.Equal(HeroSloVerdict.Fail, One("rate >= 99.9%", samples, HeroSloMetric.Success).Verdict);
        Assert.Equal(HeroSloVerdict.Pass, One("rate >= 70%", samples, HeroSloMetric.Success).Verdict);
        Assert.Equal(HeroSloVerdict.Pass, One("count == 1", samples, HeroSloMetric.ExitCode).Verdict);
        Assert.Equal(0.95, One("rate >= 90%", samples, HeroSloMetric.Success).Actual!.Value, 9);
    }

    [Fact]
    public void CpuAgainstAPercentageIsCpuTimeOverWallTime()
    {
        HeroSloResult result = One("max <= 60%", Samples("t", [1, 2]), HeroSloMetric.Cpu);
        Assert.Equal(0.5, result.Actual!.Value, 9);
        Assert.Equal(HeroSloVerdict.Pass, result.Verdict);
    }

    [Fact]
    public void OneResultPerTaskUnlessGroupByNone()
    {
        List<SloSample> samples = [.. Samples("a", [0.1]), .. Samples("b", [0.2]), .. Samples("c", [0.3])];
        List<HeroSloResult> perTask = SloEvaluator.Evaluate([SloObjectivePlan.Compile(new HeroSloObjective { Name = "t", Threshold = "max < 1s" })], samples, null);
        Assert.Equal(["a", "b", "c"], perTask.Select(r => r.Task));
        HeroSloResult pooled = Assert.Single(SloEvaluator.Evaluate([SloObjectivePlan.Compile(new HeroSloObjective { Name = "t", Threshold = "count == 3", Metric = HeroSloMetric.Success, GroupBy = HeroSloGroupBy.None })], samples, null));
        Assert.Equal((3, HeroSloVerdict.Pass, "*"), (pooled.Samples, pooled.Verdict, pooled.Task));
    }

    [Fact]
    public void ARegressionOfThirtyPercentFailsAtFifteen()
    {
        List<SloSample> baseline = Samples("sleep", Noisy);
        List<SloSample> current = Samples("sleep", Noisy.Select(v => v * 1.3));
        HeroSloResult result = One("med <= 1.15 * baseline", current, baseline: baseline);
        Assert.Equal(HeroSloVerdict.Fail, result.Verdict);
        Assert.Equal(SloUnits.Ratio, result.Unit);
        Assert.Equal(1.3, result.Actual!.Value, 2);
        Assert.Equal(Hero.Measurement.MannWhitney.Method, result.Interval!.Method);
        Assert.Equal(0.100, result.Baseline!.Value, 9);
    }

    [Fact]
    public void NoChangeIsNeverARegression()
    {
        HeroSloResult result = One("med <= 1.1 * baseline", Samples("sleep", Noisy.Reverse()), baseline: Samples("sleep", Noisy));
        Assert.Equal(HeroSloVerdict.Pass, result.Verdict);
        Assert.Equal(1.0, result.Actual!.Value, 9);
    }

    [Fact]
    public void ASmallChangeInNoiseIsInconclusive()
    {
        HeroSloResult result = One("med <= 1.05 * baseline", Samples("sleep", Noisy.Select(v => v * 1.05)), baseline: Samples("sleep", Noisy));
        Assert.Equal(HeroSloVerdict.Inconclusive, result.Verdict);
        Assert.True(result.Interval!.Lower < 1.05 && result.Interval.Upper > 1.05);
    }

    [Fact]
    public void AnOffsetFromTheBaselineIsAnAbsoluteLimit()
    {
        HeroSloResult result = One("max <= baseline + 5ms", Samples("t", [0.2]), baseline: Samples("t", [0.19]));
        Assert.Equal(0.195, result.Limit!.Value, 9);
        Assert.Equal(HeroSloVerdict.Fail, result.Verdict);
    }

    [Fact]
    public void TheBaselineMissingATaskIsNoData() =>
        Assert.Equal(HeroSloVerdict.NoData, One("med <= 1.1 * baseline", Samples("new", Noisy), baseline: Samples("old", Noisy)).Verdict);

    [Fact]
    public void AThresholdOnTheBaselineWithoutOneIsAnError() =>
        Assert.Throws<HeroSloObjectiveException>(() => One("med <= 1.1 * baseline", Samples("t", Noisy)));
}
