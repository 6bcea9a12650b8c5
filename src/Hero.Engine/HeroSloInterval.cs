namespace Hero;

/// <summary>A confidence interval of an aggregate, in the unit of the result it belongs to (seconds,
/// bytes, a fraction, a ratio). A bound that the samples cannot give at this confidence (the upper
/// bound of p(95) from fewer than 72 runs, for instance) is null: unbounded on that side.</summary>
public sealed class HeroSloInterval
{
    public double? Lower { get; init; }

    public double? Upper { get; init; }

    /// <summary>The coverage reached (order statistics and binomial counts move in steps, so a little
    /// more than asked for).</summary>
    public double Confidence { get; init; }

    /// <summary>How it was computed.</summary>
    public string Method { get; init; } = string.Empty;

    public override string ToString() =>
        $"[{(Lower is { } l ? l.ToString("G6", System.Globalization.CultureInfo.InvariantCulture) : "-inf")}, "
        + $"{(Upper is { } u ? u.ToString("G6", System.Globalization.CultureInfo.InvariantCulture) : "+inf")}] ({Confidence:P1})";
}
