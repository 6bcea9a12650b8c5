using Hero.Slo;

namespace Hero;

/// <summary>The verdict on one objective for one task (or for every matching task together).
/// Actual, the threshold's value and the interval are in base units: seconds, bytes, a fraction
/// (rates and CPU shares), a count, or a ratio to the baseline; <see cref="Unit"/> says which.</summary>
public sealed class HeroSloResult
{
    public string Objective { get; init; } = string.Empty;

    public string Task { get; init; } = string.Empty;

    public HeroSloMetric Metric { get; init; }

    /// <summary>The threshold as written.</summary>
    public string Threshold { get; init; } = string.Empty;

    /// <summary>The threshold's value after units (and the baseline) were applied.</summary>
    public double? Limit { get; init; }

    /// <summary>The aggregate of the samples; null without data.</summary>
    public double? Actual { get; init; }

    /// <summary>seconds, bytes, fraction, count, ratio or number.</summary>
    public string Unit { get; init; } = string.Empty;

    public HeroSloInterval? Interval { get; init; }

    public int Samples { get; init; }

    public HeroSloVerdict Verdict { get; init; }

    public HeroSloLevel Level { get; init; }

    /// <summary>Headroom relative to the threshold: 0.25 is 25 % to spare, -0.29 is 29 % over it.
    /// Null for == and !=, and for a threshold of 0.</summary>
    public double? Margin { get; init; }

    /// <summary>The aggregate of the baseline's samples, for thresholds that refer to it.</summary>
    public double? Baseline { get; init; }

    /// <summary>One sentence on the verdict.</summary>
    public string Message { get; init; } = string.Empty;

    /// <summary>A value of this result in its unit, as the table and reports show it ('1.52 s',
    /// '512 MiB', '99.5%', '1.29x').</summary>
    public string FormatValue(double? value) => value is { } v ? SloUnits.Format(v, Unit) : string.Empty;

    public override string ToString() =>
        $"{Objective} ({Task}): {Verdict}, {FormatValue(Actual)} against {Threshold}".Replace(" ()", string.Empty);
}
