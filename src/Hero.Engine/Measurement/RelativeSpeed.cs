using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Hero.Measurement;

/// <summary>How several targets compare, as hyperfine says it: the ratio of the mean times, with its
/// standard deviation propagated from both (the two are taken as independent).</summary>
internal static class RelativeSpeed
{
    public sealed record Comparison(HeroMeasurement Target, double Ratio, double? RatioStdDev, bool IsReference);

    /// <summary>The reference: the named one, else the fastest by mean (hyperfine's default).</summary>
    public static HeroMeasurement ReferenceOf(IReadOnlyList<HeroMeasurement> results, string? referenceName) =>
        referenceName is null
            ? results.OrderBy(r => r.Mean).First()
            : results.First(r => string.Equals(r.Name, referenceName, StringComparison.OrdinalIgnoreCase));

    /// <summary>Each target's mean over the reference's (below 1: faster than the reference).</summary>
    public static List<Comparison> Compare(IReadOnlyList<HeroMeasurement> results, HeroMeasurement reference)
    {
        var comparisons = new List<Comparison>(results.Count);
        double referenceMean = Seconds.Of(reference.Mean);
        foreach (HeroMeasurement result in results)
        {
            bool isReference = ReferenceEquals(result, reference);
            double mean = Seconds.Of(result.Mean);
            if (referenceMean <= 0)
            {
                comparisons.Add(new Comparison(result, isReference ? 1 : double.PositiveInfinity, null, isReference));
                continue;
            }

            double ratio = isReference ? 1 : mean / referenceMean;
            double? deviation = null;
            if (!isReference && mean > 0 && result.StdDev is { } a && reference.StdDev is { } b)
            {
                deviation = ratio * Math.Sqrt(Math.Pow(Seconds.Of(a) / mean, 2) + Math.Pow(Seconds.Of(b) / referenceMean, 2));
            }

            comparisons.Add(new Comparison(result, ratio, deviation, isReference));
        }

        return comparisons;
    }

    /// <summary>One line per other target: "'b' ran 1.52 ± 0.03 times faster than 'a'".</summary>
    public static List<string> SummaryLines(IReadOnlyList<HeroMeasurement> results, string? referenceName)
    {
        HeroMeasurement reference = ReferenceOf(results, referenceName);
        var lines = new List<string>();
        foreach (Comparison other in Compare(results, reference).Where(c => !c.IsReference))
        {
            bool referenceFaster = other.Ratio >= 1;
            double factor = referenceFaster ? other.Ratio : 1 / other.Ratio;
            double? spread = other.RatioStdDev is { } sd ? (referenceFaster ? sd : sd / (other.Ratio * other.Ratio)) : null;
            string amount = double.IsInfinity(factor) ? "infinitely many" : Number(factor) + (spread is { } s ? " ± " + Number(s) : string.Empty);
            lines.Add($"'{reference.Name}' ran {amount} times {(referenceFaster ? "faster" : "slower")} than '{other.Target.Name}'");
        }

        return lines;
    }

    /// <summary>The Markdown table's Relative cell: "1.00" for the reference, "1.86 ± 0.02" for the others.</summary>
    public static string Cell(Comparison comparison) =>
        comparison.IsReference
            ? "1.00"
            : Number(comparison.Ratio) + (comparison.RatioStdDev is { } sd ? " ± " + Number(sd) : string.Empty);

    private static string Number(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}
