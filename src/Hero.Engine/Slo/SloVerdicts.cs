using System;

namespace Hero.Slo;

/// <summary>From an estimate and a limit to a verdict and the sentence that explains it. The
/// objective holds (Pass) when even the unfavourable end of the interval satisfies it; it is
/// violated when even the favourable end does not; between the two the runs cannot tell
/// (Inconclusive), so noise on a busy machine never flips a gate either way. Aggregates without an
/// interval (min, max, count, Confidence 0) and == / != compare the value itself.</summary>
internal static class SloVerdicts
{
    public static (HeroSloVerdict, string) Decide(SloObjectivePlan plan, SloEstimate estimate, double limit, string unit, int samples)
    {
        ThresholdOperator op = plan.Threshold.Operator;
        string what = plan.Threshold.AggregationText;
        string actual = SloUnits.Format(estimate.Value, unit);
        string target = $"{ThresholdExpression.OperatorText(op)} {SloUnits.Format(limit, unit)}";
        HeroSloVerdict violated = plan.Objective.Level == HeroSloLevel.Warning ? HeroSloVerdict.Warn : HeroSloVerdict.Fail;
        if (op is ThresholdOperator.Equal or ThresholdOperator.NotEqual || !estimate.HasInterval)
        {
            bool holds = Holds(op, estimate.Value, limit);
            return (holds ? HeroSloVerdict.Pass : violated, $"{what} = {actual}, {(holds ? "meets" : "violates")} {target}.");
        }

        string interval = $"{estimate.Confidence:P0} interval [{Bound(estimate.Lower, unit, "-inf")}, {Bound(estimate.Upper, unit, "+inf")}]";

        // The end of the interval that is hardest on the objective, and the one that is kindest.
        bool below = op is ThresholdOperator.Less or ThresholdOperator.LessOrEqual;
        double? unfavourable = below ? estimate.Upper : estimate.Lower;
        double? favourable = below ? estimate.Lower : estimate.Upper;
        if (unfavourable is { } worst && Holds(op, worst, limit))
        {
            return (HeroSloVerdict.Pass, $"{what} = {actual} ({interval}) meets {target}.");
        }

        if (favourable is { } best && !Holds(op, best, limit))
        {
            return (violated, $"{what} = {actual} violates {target}, also at the {(below ? "lower" : "upper")} end of its {interval}.");
        }

        string why = estimate.Lower is null && estimate.Upper is null
            ? $"{samples} sample(s) are too few for a {plan.Objective.Confidence:P0} interval of {what}"
            : $"the {interval} contains the threshold";
        return (HeroSloVerdict.Inconclusive, $"{what} = {actual}, but {why}: these runs cannot tell whether it meets {target}.");
    }

    public static bool Holds(ThresholdOperator op, double value, double limit) => op switch
    {
        ThresholdOperator.Less => value < limit,
        ThresholdOperator.LessOrEqual => value <= limit,
        ThresholdOperator.Greater => value > limit,
        ThresholdOperator.GreaterOrEqual => value >= limit,
        ThresholdOperator.Equal => Same(value, limit),
        _ => !Same(value, limit),
    };

    /// <summary>Headroom relative to the limit, positive while the objective holds.</summary>
    public static double? Margin(ThresholdOperator op, double actual, double limit)
    {
        if (limit == 0 || op is ThresholdOperator.Equal or ThresholdOperator.NotEqual) return null;
        double headroom = op is ThresholdOperator.Less or ThresholdOperator.LessOrEqual ? limit - actual : actual - limit;
        return headroom / Math.Abs(limit);
    }

    // Limits come through unit factors (1.1 * 100 ms): equal within rounding is equal.
    private static bool Same(double a, double b) => Math.Abs(a - b) <= 1e-9 * Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b)));

    private static string Bound(double? value, string unit, string none) => value is { } v ? SloUnits.Format(v, unit) : none;
}
