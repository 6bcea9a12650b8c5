using System.Collections.Generic;
using System.Globalization;

namespace Hero.Slo;

/// <summary>The regression check -BaselinePath adds when no objective refers to the baseline: the
/// median duration of every task against the baseline's, warning at 10 %, failing at 15 % and
/// critical at 25 % slower (the legacy enforcer's levels) unless other levels are given.</summary>
internal static class RegressionObjectives
{
    public static readonly double[] DefaultLevels = [0.10, 0.15, 0.25];

    public static List<HeroSloObjective> Create(IReadOnlyList<double> levels, string task = "*", HeroSloMetric metric = HeroSloMetric.Duration, int minSamples = 1)
    {
        var objectives = new List<HeroSloObjective>();
        (string Name, HeroSloLevel Level)[] tiers = [("regression-warning", HeroSloLevel.Warning), ("regression", HeroSloLevel.Error), ("regression-critical", HeroSloLevel.Critical)];
        for (int i = 0; i < tiers.Length && i < levels.Count; i++)
        {
            objectives.Add(new HeroSloObjective
            {
                Name = tiers[i].Name,
                Task = task,
                Metric = metric,
                Threshold = "med <= " + Factor(levels[i]) + " * baseline",
                Level = tiers[i].Level,
                MinSamples = minSamples,
                Description = $"median at most {levels[i] * 100:0.##} % slower than the baseline's",
                Source = "-BaselinePath",
            });
        }

        return objectives;
    }

    public static string Factor(double slower) => (1 + slower).ToString("0.####", CultureInfo.InvariantCulture);
}
