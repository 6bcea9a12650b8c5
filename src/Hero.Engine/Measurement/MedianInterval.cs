using System;
using System.Collections.Generic;

namespace Hero.Measurement;

/// <summary>A distribution-free confidence interval of the median from order statistics. Of n
/// independent runs, the number B that fall below the true median is Binomial(n, 1/2), so the
/// interval between the k-th smallest and the k-th largest value, [x(k), x(n+1-k)], covers the median
/// with probability 1 - 2 P(B &lt;= k - 1). The largest k that keeps this at or above the level is
/// taken. Unlike a bootstrap it needs no random numbers, so the same runs always give the same
/// interval, and it assumes nothing about the shape of the distribution (run times are skewed).</summary>
internal static class MedianInterval
{
    public const string Method = "order statistics (binomial)";

    /// <summary>0-based indexes into the sorted values and the coverage reached, or null when even
    /// [min, max] covers less than <paramref name="level"/> (fewer than 6 runs for 95 %).</summary>
    public static (int Lower, int Upper, double Confidence)? Compute(int count, double level = 0.95)
    {
        if (count < 1 || level <= 0 || level >= 1) return null;

        // P(B <= j) for B ~ Binomial(count, 1/2), accumulated in log space: 2^-n underflows a double
        // long before the sample sizes a benchmark reaches.
        double logHalfPower = -count * Math.Log(2);
        double logPmf = logHalfPower; // P(B = 0)
        double cumulative = 0;
        int best = 0;
        double bestCoverage = 0;
        for (int k = 1; k <= (count + 1) / 2; k++)
        {
            cumulative += Math.Exp(logPmf); // now P(B <= k - 1)
            double coverage = 1 - 2 * cumulative;
            if (coverage < level) break;
            best = k;
            bestCoverage = coverage;
            logPmf += Math.Log(count - (k - 1)) - Math.Log(k); // P(B = k) from P(B = k - 1)
        }

        if (best == 0) return null;
        return (best - 1, count - best, bestCoverage);
    }

    public static HeroConfidenceInterval? Of(IReadOnlyList<double> sortedSeconds, double level = 0.95)
    {
        if (Compute(sortedSeconds.Count, level) is not { } interval) return null;
        return new HeroConfidenceInterval
        {
            Lower = Seconds.ToTimeSpan(sortedSeconds[interval.Lower]),
            Upper = Seconds.ToTimeSpan(sortedSeconds[interval.Upper]),
            Confidence = interval.Confidence,
            Method = Method,
        };
    }
}
