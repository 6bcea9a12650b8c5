namespace Hero.Slo;

/// <summary>A parsed threshold, the aggregation on the left: 'p(95) &lt; 20s' is Percentile 95,
/// Less, 20 seconds. <see cref="Dimension"/> is what the value measures for this metric (for cpu: a
/// time or a share of one core).</summary>
internal sealed record ThresholdExpression(
    string Text,
    ThresholdAggregation Aggregation,
    double Percentile,
    ThresholdOperator Operator,
    ThresholdValue Value,
    ThresholdDimension Dimension)
{
    /// <summary>The aggregation as written in canonical form: avg, med, p(95), ...</summary>
    public string AggregationText => Aggregation switch
    {
        ThresholdAggregation.Percentile => "p(" + Percentile.ToString(System.Globalization.CultureInfo.InvariantCulture) + ")",
        _ => Aggregation.ToString().ToLowerInvariant(),
    };

    public static string OperatorText(ThresholdOperator op) => op switch
    {
        ThresholdOperator.Less => "<",
        ThresholdOperator.LessOrEqual => "<=",
        ThresholdOperator.Greater => ">",
        ThresholdOperator.GreaterOrEqual => ">=",
        ThresholdOperator.Equal => "==",
        _ => "!=",
    };
}
