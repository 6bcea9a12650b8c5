using Hero.Measurement;

namespace Hero.Tests.Measurement;

/// <summary>hyperfine's own cases for its modified Z-score rule, and planted outliers among run times.</summary>
public sealed class OutlierDetectionTests
{
    [Fact]
    public void SmallAndLowVarianceSamplesHaveNone()
    {
        Assert.Empty(OutlierDetection.Outliers([]));
        Assert.Empty(OutlierDetection.Outliers([50.0]));
        Assert.Empty(OutlierDetection.Outliers([1000.0, 0.0]));
        Assert.Empty(OutlierDetection.Outliers([-0.2, 0.0, 0.2]));
    }

    [Fact]
    public void OneOutlier()
    {
        Assert.Equal([3], OutlierDetection.Outliers([-0.2, 0.0, 0.2, 4.0]));
        Assert.Equal([0], OutlierDetection.Outliers([0.5, 0.30, 0.29, 0.31, 0.30]));
    }

    private static readonly double[] Normal =
        [2.33269488, 1.42195907, -0.57527698, -0.31293437, 2.2948158, 0.75813273, -1.0712388, -0.96394741, -1.15897446, 1.10976285];

    [Fact]
    public void NormalSampleHasNone() => Assert.Empty(OutlierDetection.Outliers(Normal));

    [Fact]
    public void PlantedOutliersOnly()
    {
        double[] planted = [.. Normal, 20.0, -500.0];
        Assert.Equal([10, 11], OutlierDetection.Outliers(planted));
    }

    /// <summary>Twenty run times near 10 ms with two planted slow runs: exactly those two are flagged.</summary>
    [Fact]
    public void PlantedSlowRuns()
    {
        double[] times = [0.0101, 0.0099, 0.0100, 0.0102, 0.0098, 0.0101, 0.0100, 0.0450, 0.0099, 0.0103,
                          0.0100, 0.0097, 0.0101, 0.0100, 0.0102, 0.0990, 0.0099, 0.0100, 0.0101, 0.0098];
        Assert.Equal([7, 15], OutlierDetection.Outliers(times));
    }

    [Fact]
    public void ZeroMedianAbsoluteDeviation()
    {
        Assert.Equal([7], OutlierDetection.Outliers([10.0, 10, 10, 10, 10, 10, 10, 100]));
        Assert.Equal([7, 8], OutlierDetection.Outliers([10.0, 10, 10, 10, 10, 10, 10, 100, 100]));
    }
}
