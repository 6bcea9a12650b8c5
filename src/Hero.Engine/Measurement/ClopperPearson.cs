using System;

namespace Hero.Measurement;

/// <summary>The Clopper–Pearson ("exact") confidence interval of a success rate from k successes in
/// n trials: the rates at which k or more (k or fewer) successes are as unlikely as each tail
/// allows. Never narrower than the true coverage asks for, and deterministic; found by bisection on
/// the binomial distribution, so no inverse beta function is needed.</summary>
internal static class ClopperPearson
{
    public const string Method = "Clopper-Pearson (exact binomial)";

    public static (double Lower, double Upper) Compute(int successes, int trials, double level)
    {
        if (trials <= 0) throw new ArgumentOutOfRangeException(nameof(trials));
        double tail = (1 - level) / 2;

        // P(X >= k | p) grows with p: the lower bound is where it reaches the tail.
        double lower = successes == 0 ? 0 : Bisect(p => 1 - Binomial.Cdf(successes - 1, trials, p) - tail);

        // P(X <= k | p) falls with p: the upper bound is where it falls to the tail.
        double upper = successes == trials ? 1 : Bisect(p => tail - Binomial.Cdf(successes, trials, p));
        return (lower, upper);
    }

    /// <summary>The root in [0, 1] of an increasing function.</summary>
    private static double Bisect(Func<double, double> increasing)
    {
        double low = 0, high = 1;
        for (int i = 0; i < 60; i++)
        {
            double middle = (low + high) / 2;
            if (increasing(middle) < 0) low = middle;
            else high = middle;
        }

        return (low + high) / 2;
    }
}
