using Hero.Slo;

namespace Hero.Tests.Slo;

/// <summary>The threshold grammar: what each expression parses to (aggregation, operator, value in
/// base units, what the value measures) and, for each invalid one, the column of the problem.</summary>
public sealed class ThresholdParserTests
{
    public static TheoryData<string, HeroSloMetric, string, string, double, double, string> Valid => new()
    {
        { "p(95) < 20s", HeroSloMetric.Duration, "p(95)", "<", 0, 20, "Time" },
        { "p(95)<200ms", HeroSloMetric.Duration, "p(95)", "<", 0, 0.2, "Time" },
        { "p(99.9) <= 1.5s", HeroSloMetric.Duration, "p(99.9)", "<=", 0, 1.5, "Time" },
        { "p95 < 2m", HeroSloMetric.Duration, "p(95)", "<", 0, 120, "Time" },
        { "med <= 1.2 * baseline", HeroSloMetric.Duration, "med", "<=", 1.2, 0, "Time" },
        { "median <= baseline * 1.15", HeroSloMetric.Duration, "med", "<=", 1.15, 0, "Time" },
        { "avg <= baseline", HeroSloMetric.Duration, "avg", "<=", 1, 0, "Time" },
        { "mean < baseline + 250ms", HeroSloMetric.Duration, "avg", "<", 1, 0.25, "Time" },
        { "p(90) <= 2 * (baseline - 10ms)", HeroSloMetric.Duration, "p(90)", "<=", 2, -0.02, "Time" },
        { "max < 4GB", HeroSloMetric.Memory, "max", "<", 0, 4294967296, "Size" },
        { "max <= 512 MiB", HeroSloMetric.Memory, "max", "<=", 0, 536870912, "Size" },
        { "avg < 1.5KB", HeroSloMetric.Memory, "avg", "<", 0, 1536, "Size" },
        { "rate >= 99%", HeroSloMetric.Success, "rate", ">=", 0, 0.99, "Fraction" },
        { "rate>0.9", HeroSloMetric.Success, "rate", ">", 0, 0.9, "Fraction" },
        { "rate < 1%", HeroSloMetric.ExitCode, "rate", "<", 0, 0.01, "Fraction" },
        { "count == 0", HeroSloMetric.ExitCode, "count", "==", 0, 0, "Number" },
        { "count === 3", HeroSloMetric.Success, "count", "==", 0, 3, "Number" },
        { "count != 0", HeroSloMetric.Success, "count", "!=", 0, 0, "Number" },
        { "max <= 80%", HeroSloMetric.Cpu, "max", "<=", 0, 0.8, "Fraction" },
        { "avg < 2s", HeroSloMetric.Cpu, "avg", "<", 0, 2, "Time" },
        { "min > 100us", HeroSloMetric.Duration, "min", ">", 0, 0.0001, "Time" },
        { "20s > p(95)", HeroSloMetric.Duration, "p(95)", "<", 0, 20, "Time" },
        { "1h >= max", HeroSloMetric.Duration, "max", "<=", 0, 3600, "Time" },
        { "max < 2e3ms", HeroSloMetric.Duration, "max", "<", 0, 2, "Time" },
        { "avg == 0", HeroSloMetric.ExitCode, "avg", "==", 0, 0, "Number" },
        { "p(0) >= 1 d", HeroSloMetric.Duration, "p(0)", ">=", 0, 86400, "Time" },
        { "  MAX  <  10 S  ", HeroSloMetric.Duration, "max", "<", 0, 10, "Time" },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void ParsesTo(string text, HeroSloMetric metric, string aggregation, string op, double factor, double offset, string dimension)
    {
        ThresholdExpression parsed = ThresholdParser.Parse(text, metric);
        Assert.Equal(aggregation, parsed.AggregationText);
        Assert.Equal(op, ThresholdExpression.OperatorText(parsed.Operator));
        Assert.Equal(factor, parsed.Value.Factor, 9);
        Assert.Equal(offset, parsed.Value.Offset, 9);
        Assert.Equal(dimension, parsed.Dimension.ToString());
    }

    public static TheoryData<string, HeroSloMetric, int, string> Invalid => new()
    {
        { "p(95) 20s", HeroSloMetric.Duration, 7, "expected an operator" },
        { "p(95)", HeroSloMetric.Duration, 6, "expected an operator" },
        { "p(95) <", HeroSloMetric.Duration, 8, "expected a value" },
        { "p(95) < 200", HeroSloMetric.Duration, 9, "give 200 a unit" },
        { "max < 4096", HeroSloMetric.Memory, 7, "give 4096 a unit" },
        { "p(101) < 2s", HeroSloMetric.Duration, 3, "between 0 and 100" },
        { "p() < 2s", HeroSloMetric.Duration, 3, "expected a percentile" },
        { "p(95 < 2s", HeroSloMetric.Duration, 6, "expected ')'" },
        { "max < 1m30s", HeroSloMetric.Duration, 8, "unknown unit 'm30s'" },
        { "foo < 2s", HeroSloMetric.Duration, 1, "unknown aggregation 'foo'" },
        { "< 2s", HeroSloMetric.Duration, 1, "expected an aggregation" },
        { "2s < 3s", HeroSloMetric.Duration, 1, "one side must be an aggregation" },
        { "p(95) < max", HeroSloMetric.Duration, 9, "only one side may be an aggregation" },
        { "p(95) < 20xs", HeroSloMetric.Duration, 11, "unknown unit 'xs'" },
        { "max < 4GB", HeroSloMetric.Duration, 7, "needs a time" },
        { "max < 20s", HeroSloMetric.Memory, 7, "needs a size" },
        { "rate >= 99", HeroSloMetric.Success, 9, "a rate is a fraction" },
        { "rate >= 5s", HeroSloMetric.Success, 9, "needs a percentage" },
        { "count < 5ms", HeroSloMetric.ExitCode, 9, "needs a plain number" },
        { "max <= 80GB", HeroSloMetric.Cpu, 8, "a percentage of one core" },
        { "p(95) < 2s < 3s", HeroSloMetric.Duration, 12, "unexpected '<'" },
        { "p(95) =< 2s", HeroSloMetric.Duration, 7, "'=' is not an operator" },
        { "p(95) < 2s + 5", HeroSloMetric.Duration, 14, "cannot add" },
        { "p(95) < 2s * 3s", HeroSloMetric.Duration, 12, "cannot multiply two quantities" },
        { "p(95) < baseline * baseline", HeroSloMetric.Duration, 18, "baseline by itself" },
        { "p(95) < 2s / 0", HeroSloMetric.Duration, 14, "division by zero" },
        { "p(95) < 2s # fast", HeroSloMetric.Duration, 12, "unexpected character '#'" },
        { "p(95) < 1.2 *", HeroSloMetric.Duration, 14, "ends where a value should follow" },
        { "", HeroSloMetric.Duration, 1, "the threshold is empty" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void RefusesWithTheColumn(string text, HeroSloMetric metric, int column, string reason)
    {
        var error = Assert.Throws<ThresholdSyntaxException>(() => ThresholdParser.Parse(text, metric));
        Assert.Contains(reason, error.Reason);
        Assert.Equal(column, error.Column);
    }

    [Fact]
    public void ObjectiveErrorsNameTheObjectiveAndColumn()
    {
        var objective = new HeroSloObjective { Name = "build-p95", Threshold = "p(95) 20s" };
        var error = Assert.Throws<HeroSloObjectiveException>(() => SloObjectivePlan.Compile(objective));
        Assert.Equal("build-p95", error.Objective);
        Assert.Equal(7, error.Column);
        Assert.StartsWith("Objective 'build-p95': Threshold 'p(95) 20s', column 7: expected an operator", error.Message);
    }
}
