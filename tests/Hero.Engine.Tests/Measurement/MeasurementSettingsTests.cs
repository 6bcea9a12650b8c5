using System;
using Hero.Measurement;

namespace Hero.Tests.Measurement;

/// <summary>hyperfine's rule: at least N runs and at least T of measuring, at most M runs.</summary>
public sealed class MeasurementSettingsTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public void AtLeastTenRunsAndThreeSeconds()
    {
        var settings = new MeasurementSettings();
        Assert.False(settings.IsDone(9, 10 * Second));
        Assert.False(settings.IsDone(500, 2 * Second));
        Assert.True(settings.IsDone(10, 3 * Second));
        Assert.Equal(10, settings.ExpectedRuns(1, 1 * Second));
        Assert.Equal(300, settings.ExpectedRuns(10, TimeSpan.FromMilliseconds(100)));
    }

    [Fact]
    public void MaximumCapsTheTimeRule()
    {
        var settings = new MeasurementSettings { MaxIterations = 50 };
        Assert.True(settings.IsDone(50, TimeSpan.FromMilliseconds(10)));
        Assert.Equal(50, settings.ExpectedRuns(10, TimeSpan.FromMilliseconds(10)));
    }

    [Fact]
    public void ExactIterationsIgnoreTime()
    {
        var settings = new MeasurementSettings { Iterations = 3 };
        Assert.True(settings.IsDone(3, TimeSpan.Zero));
        Assert.False(settings.IsDone(2, 100 * Second));
        Assert.Equal(3, settings.ExpectedRuns(0, TimeSpan.Zero));
    }

    [Theory]
    [InlineData(0, null, null, 1, "Iterations")]
    [InlineData(null, 0, null, 1, "MinIterations")]
    [InlineData(null, 20, 10, 1, "MinIterations")]
    [InlineData(null, null, null, -1, "Warmup")]
    public void BadSettingsNameTheParameter(int? iterations, int? min, int? max, int warmup, string parameter)
    {
        var settings = new MeasurementSettings { Iterations = iterations, MaxIterations = max, Warmup = warmup };
        if (min is int m) settings.MinIterations = m;
        HeroTaskDefinitionException e = Assert.Throws<HeroTaskDefinitionException>(settings.Validate);
        Assert.Equal(parameter, e.ParameterName);
    }
}
