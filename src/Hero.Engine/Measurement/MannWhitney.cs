using System;
using System.Collections.Generic;
using System.Linq;

namespace Hero.Measurement;

/// <summary>How much slower the current runs are than the baseline's, with a confidence interval,
/// from the Mann–Whitney U (Wilcoxon rank-sum) test on the logarithms of the run times. Under the
/// model "current = baseline × ratio" every pairwise difference ln y - ln x estimates ln ratio; the
/// median of the m·n differences is the Hodges–Lehmann estimate, and the k-th smallest and k-th
/// largest of them bound it (Moses), k being the Mann–Whitney critical value at the level. The interval
/// excludes a ratio exactly when the one-sided U test at half the level rejects it, so a ratio whose
/// whole interval lies above 1.15 is a slowdown of more than 15 % that is significant at 2.5 %.
/// Distribution-free, and deterministic: the same runs always give the same verdict. The null
/// distribution of U is exact up to m·n = 2,500 and normal (with a continuity correction) beyond.</summary>
internal static class MannWhitney
{
    public const string Method = "Mann-Whitney U on log times (Hodges-Lehmann ratio, Moses interval)";

    public const int ExactLimit = 2500;

    /// <summary>The ratio estimate and its interval (null when the samples are too small for the
    /// level: 3 runs against 3 cannot reach 95 %). Every value must be positive.</summary>
    public static (double Ratio, double? Lower, double? Upper, double Confidence) Ratio(IReadOnlyList<double> baseline, IReadOnlyList<double> current, double level)
    {
        if (baseline.Count == 0 || current.Count == 0) throw new ArgumentException("Both samples need values.");
        if (baseline.Concat(current).Any(v => !(v > 0))) throw new ArgumentException("Ratios need positive values.");
        int m = baseline.Count, n = current.Count;
        var differences = new double[m * n];
        int index = 0;
        foreach (double x in baseline)
        {
            double lx = Math.Log(x);
            foreach (double y in current) differences[index++] = Math.Log(y) - lx;
        }

        Array.Sort(differences);
        double estimate = Math.Exp(SampleStatistics.Median(differences));
        if (CriticalCount(m, n, level) is not { } critical) return (estimate, null, null, 0);
        (int k, double coverage) = critical;
        return (estimate, Math.Exp(differences[k - 1]), Math.Exp(differences[m * n - k]), coverage);
    }

    /// <summary>The largest k with P(U &lt;= k - 1) &lt;= (1 - level) / 2 under the null hypothesis, and the
    /// coverage 1 - 2 P(U &lt;= k - 1) of [d(k), d(mn + 1 - k)]; null when even k = 1 is too likely.</summary>
    public static (int K, double Coverage)? CriticalCount(int m, int n, double level)
    {
        double tail = (1 - level) / 2;
        if ((long)m * n > ExactLimit) return NormalCriticalCount(m, n, tail);
        double[] distribution = ExactDistribution(m, n);
        double cumulative = 0;
        int best = 0;
        double bestTail = 0;
        for (int k = 1; k <= m * n / 2 + 1; k++)
        {
            cumulative += distribution[k - 1]; // now P(U <= k - 1)
            if (cumulative > tail) break;
            best = k;
            bestTail = cumulative;
        }

        return best == 0 ? null : (best, 1 - 2 * bestTail);
    }

    /// <summary>P(U = u), u = 0..m·n, by the recurrence p(m, n, u) = m/(m+n) p(m-1, n, u-n) +
    /// n/(m+n) p(m, n-1, u) over probabilities (counts would overflow).</summary>
    public static double[] ExactDistribution(int m, int n)
    {
        // table[j] holds the distribution for (i, j) while i runs up to m.
        var table = new double[n + 1][];
        for (int j = 0; j <= n; j++) table[j] = [1.0]; // i = 0: U is always 0
        for (int i = 1; i <= m; i++)
        {
            var row = new double[n + 1][];
            row[0] = [1.0]; // j = 0: U is always 0
            for (int j = 1; j <= n; j++)
            {
                var next = new double[i * j + 1];
                double fromShorterFirst = (double)i / (i + j), fromShorterSecond = (double)j / (i + j);
                double[] a = table[j];  // (i - 1, j), shifted by j
                double[] b = row[j - 1]; // (i, j - 1)
                for (int u = 0; u < a.Length; u++) next[u + j] += fromShorterFirst * a[u];
                for (int u = 0; u < b.Length; u++) next[u] += fromShorterSecond * b[u];
                row[j] = next;
            }

            table = row;
        }

        return table[n];
    }

    private static (int, double)? NormalCriticalCount(int m, int n, double tail)
    {
        double mean = m * (double)n / 2;
        double sd = Math.Sqrt(m * (double)n * (m + n + 1) / 12);
        int k = (int)Math.Floor(mean - StudentT.Normal(1 - tail) * sd + 0.5);
        if (k < 1) return null;
        return (k, 1 - 2 * tail);
    }
}
