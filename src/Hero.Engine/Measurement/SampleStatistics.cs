using System;
using System.Collections.Generic;
using System.Linq;

namespace Hero.Measurement;

/// <summary>Descriptive statistics of one sample (durations in seconds, or any numbers). Every
/// function takes the values as given; those named for order statistics want them sorted.</summary>
internal static class SampleStatistics
{
    public static double Mean(IReadOnlyList<double> values)
    {
        if (values.Count == 0) throw new ArgumentException("No values.", nameof(values));
        double sum = 0;
        foreach (double value in values) sum += value;
        return sum / values.Count;
    }

    /// <summary>The sample standard deviation (Bessel's n - 1); null for fewer than two values, where
    /// it is not defined. Two passes, so large offsets do not eat the precision.</summary>
    public static double? StandardDeviation(IReadOnlyList<double> values)
    {
        if (values.Count < 2) return null;
        double mean = Mean(values);
        double squares = 0;
        foreach (double value in values) squares += (value - mean) * (value - mean);
        return Math.Sqrt(squares / (values.Count - 1));
    }

    public static double[] Sorted(IEnumerable<double> values)
    {
        double[] sorted = values.ToArray();
        Array.Sort(sorted);
        return sorted;
    }

    public static double Median(IReadOnlyList<double> sorted) => Percentile(sorted, 0.5);

    /// <summary>The p-quantile (0 &lt;= p &lt;= 1) by linear interpolation between the closest ranks:
    /// with h = (n - 1) p, x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]) on the 0-based
    /// sorted values. Hyndman and Fan's definition 7, the default of numpy, R and Excel's
    /// PERCENTILE.INC; p = 0.5 gives the usual median.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0) throw new ArgumentException("No values.", nameof(sorted));
        if (p < 0 || p > 1) throw new ArgumentOutOfRangeException(nameof(p));
        double h = (sorted.Count - 1) * p;
        int below = (int)Math.Floor(h);
        if (below >= sorted.Count - 1) return sorted[sorted.Count - 1];
        return sorted[below] + (h - below) * (sorted[below + 1] - sorted[below]);
    }
}
