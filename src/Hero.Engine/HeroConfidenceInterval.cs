using System;

namespace Hero;

/// <summary>A confidence interval of a statistic: the true value lies between <see cref="Lower"/> and
/// <see cref="Upper"/> with at least the probability <see cref="Confidence"/>.</summary>
public sealed class HeroConfidenceInterval
{
    public TimeSpan Lower { get; init; }

    public TimeSpan Upper { get; init; }

    /// <summary>The coverage the interval achieves (0.95 or a little more: order statistics move in
    /// steps).</summary>
    public double Confidence { get; init; }

    /// <summary>How it was computed, for the record.</summary>
    public string Method { get; init; } = string.Empty;

    /// <summary>Whether <paramref name="value"/> lies inside the interval (bounds included).</summary>
    public bool Contains(TimeSpan value) => value >= Lower && value <= Upper;

    public override string ToString() =>
        $"[{Lower.TotalMilliseconds:0.###} ms, {Upper.TotalMilliseconds:0.###} ms] ({Confidence:P1})";
}
