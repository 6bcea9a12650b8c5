using System;

namespace Hero.Slo;

/// <summary>Checks a threshold's value against its metric and aggregation and decides what it
/// measures: durations need a time, memory a size, cpu a time or a percentage of one core, a rate a
/// fraction or percentage, a count a plain number. A plain number where a unit is needed is an
/// error, never a guess: k6 reads 'p(95) &lt; 200' as milliseconds, Hero's durations read 200 as
/// seconds, and a gate must not depend on which one the author had in mind.</summary>
internal static class ThresholdBinder
{
    public static ThresholdDimension Dimension(HeroSloMetric metric, ThresholdAggregation aggregation, ThresholdValue value)
    {
        ThresholdDimension? given = value.OffsetDimension;
        switch (aggregation)
        {
            case ThresholdAggregation.Count:
                Require(given, ThresholdDimension.Number, value, "a count");
                return ThresholdDimension.Number;
            case ThresholdAggregation.Rate:
                if (given == ThresholdDimension.Number)
                {
                    if (value.Offset < 0 || value.Offset > 1)
                    {
                        throw new ThresholdSyntaxException($"a rate is a fraction (0.99) or a percentage (99%); {Show(value.Offset)} is neither.", value.Column);
                    }

                    return ThresholdDimension.Fraction;
                }

                Require(given, ThresholdDimension.Fraction, value, "a rate");
                return ThresholdDimension.Fraction;
        }

        switch (metric)
        {
            case HeroSloMetric.Duration:
                Require(given, ThresholdDimension.Time, value, "a duration");
                return ThresholdDimension.Time;
            case HeroSloMetric.Memory:
                Require(given, ThresholdDimension.Size, value, "a memory");
                return ThresholdDimension.Size;
            case HeroSloMetric.Cpu:
                if (given is null or ThresholdDimension.Time or ThresholdDimension.Fraction) return given ?? ThresholdDimension.Time;
                throw Mismatch(given.Value, value, "a cpu", "a time ('30s') or a percentage of one core ('80%')");
            default:
                Require(given, ThresholdDimension.Number, value, $"{(metric == HeroSloMetric.Success ? "a success" : "an exitcode")}");
                return ThresholdDimension.Number;
        }
    }

    private static void Require(ThresholdDimension? given, ThresholdDimension wanted, ThresholdValue value, string what)
    {
        if (given is null || given == wanted) return;
        if (given == ThresholdDimension.Number && value.UnitlessColumn is { } column)
        {
            string example = wanted switch
            {
                ThresholdDimension.Time => $"'{Show(value.Offset)}ms' or '{Show(value.Offset)}s'",
                ThresholdDimension.Size => $"'{Show(value.Offset)}MB' or '{Show(value.Offset)}B'",
                _ => $"'{Show(value.Offset * 100)}%'",
            };
            throw new ThresholdSyntaxException($"{what} threshold needs {SloUnits.Describe(wanted)}: give {Show(value.Offset)} a unit, as {example}.", column);
        }

        throw Mismatch(given.Value, value, what, SloUnits.Describe(wanted));
    }

    private static ThresholdSyntaxException Mismatch(ThresholdDimension given, ThresholdValue value, string what, string wanted) =>
        new($"{what} threshold needs {wanted}, not {SloUnits.Describe(given)}.", value.Column);

    private static string Show(double value) => value.ToString("G6", System.Globalization.CultureInfo.InvariantCulture);
}
