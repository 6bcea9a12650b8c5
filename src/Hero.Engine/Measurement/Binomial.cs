using System;

namespace Hero.Measurement;

/// <summary>Binomial probabilities in log space (2^-n and p^n underflow long before the sample sizes
/// a gate sees), for the order-statistic and Clopper–Pearson intervals.</summary>
internal static class Binomial
{
    /// <summary>P(X &lt;= k) for X ~ Binomial(n, p).</summary>
    public static double Cdf(int k, int n, double p)
    {
        if (k < 0) return 0;
        if (k >= n) return 1;
        if (p <= 0) return 1;
        if (p >= 1) return 0;
        double logP = Math.Log(p);
        double logQ = Math.Log(1 - p);
        double logTerm = n * logQ; // P(X = 0)
        double sum = 0;
        for (int j = 0; j <= k; j++)
        {
            sum += Math.Exp(logTerm);
            logTerm += Math.Log(n - j) - Math.Log(j + 1) + logP - logQ; // P(X = j + 1) from P(X = j)
        }

        return Math.Min(1, sum);
    }
}
