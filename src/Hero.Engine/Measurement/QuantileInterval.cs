using System;
using System.Collections.Generic;

namespace Hero.Measurement;

/// <summary>A distribution-free confidence interval of any quantile from order statistics, the
/// generalisation of <see cref="MedianInterval"/>: of n runs, the number B below the true
/// p-quantile is Binomial(n, p), so [x(l), x(u)] (1-based) covers it with probability
/// P(l &lt;= B &lt;= u - 1). Each tail gets at most half of 1 - level; a bound no order statistic can
/// give (the upper bound of p(95) from fewer than 72 runs at 95 %) is null, unbounded. For p = 0.5
/// this is the median's interval.</summary>
internal static class QuantileInterval
{
    public const string Method = "order statistics (binomial)";

    /// <summary>0-based indexes into the sorted values (null: unbounded on that side) and the
    /// coverage reached.</summary>
    public static (int? Lower, int? Upper, double Confidence) Compute(int count, double p, double level)
    {
        if (count < 1) return (null, null, 0);
        double tail = (1 - level) / 2;
        double[] cdf = CumulativeBinomial(count, p);

        // Lower: the largest l with P(B <= l - 1) <= tail.
        int? lower = null;
        double lowerTail = 0;
        for (int l = 1; l <= count && cdf[l - 1] <= tail; l++)
        {
            lower = l;
            lowerTail = cdf[l - 1];
        }

        // Upper: the smallest u with P(B >= u) = 1 - P(B <= u - 1) <= tail.
        int? upper = null;
        double upperTail = 0;
        for (int u = count; u >= 1 && 1 - cdf[u - 1] <= tail; u--)
        {
            upper = u;
            upperTail = 1 - cdf[u - 1];
        }

        double coverage = 1 - (lower is null ? 0 : lowerTail) - (upper is null ? 0 : upperTail);
        return (lower - 1, upper - 1, coverage);
    }

    public static (double? Lower, double? Upper, double Confidence) Of(IReadOnlyList<double> sorted, double p, double level)
    {
        (int? lower, int? upper, double confidence) = Compute(sorted.Count, p, level);
        return (lower is { } l ? sorted[l] : null, upper is { } u ? sorted[u] : null, confidence);
    }

    /// <summary>P(B &lt;= j) for j = 0..n, from the probabilities accumulated in log space.</summary>
    private static double[] CumulativeBinomial(int n, double p)
    {
        var cdf = new double[n + 1];
        if (p <= 0 || p >= 1)
        {
            for (int j = 0; j <= n; j++) cdf[j] = p <= 0 ? 1 : (j == n ? 1 : 0);
            return cdf;
        }

        double logP = Math.Log(p), logQ = Math.Log(1 - p);
        double logTerm = n * logQ;
        double sum = 0;
        for (int j = 0; j <= n; j++)
        {
            sum += Math.Exp(logTerm);
            cdf[j] = Math.Min(1, sum);
            if (j < n) logTerm += Math.Log(n - j) - Math.Log(j + 1) + logP - logQ;
        }

        cdf[n] = 1;
        return cdf;
    }
}
