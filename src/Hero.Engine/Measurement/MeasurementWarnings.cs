using System;
using System.Collections.Generic;
using System.Linq;

namespace Hero.Measurement;

/// <summary>hyperfine's warnings, in Hero's parameter names.</summary>
internal static class MeasurementWarnings
{
    public static List<string> For(IReadOnlyList<HeroMeasurementRun> runs, IReadOnlyList<double> seconds, IReadOnlyList<int> outliers, bool warmupUsed, bool prepareUsed)
    {
        var warnings = new List<string>();
        int[] failed = runs.Where(r => r.Status != HeroTaskStatus.Succeeded).Select(r => r.Number).ToArray();
        if (failed.Length > 0)
        {
            warnings.Add($"Ignoring the failure of {Runs(failed)} (-IgnoreExitCode).");
        }

        if (seconds.Count < 2) return warnings;
        double[] scores = OutlierDetection.ModifiedZScores(seconds);
        if (scores[0] > OutlierDetection.Threshold)
        {
            // As hyperfine: a slow first run is the likelier story, so it replaces the general warning.
            warnings.Add($"The first run was significantly slower than the rest ({Format(runs[0].Duration)}). This could be caused by "
                + "(filesystem) caches that were not filled until after the first run. " + SlowFirstRunHint(warmupUsed, prepareUsed));
        }
        else if (outliers.Count > 0)
        {
            warnings.Add($"Statistical outliers were detected ({Runs(outliers.Select(i => runs[i].Number).ToArray())}). Consider re-running this "
                + "measurement on a quiet system without interference from other programs."
                + (warmupUsed && prepareUsed ? string.Empty : " It might help to use -Warmup or -Prepare."));
        }

        return warnings;
    }

    private static string SlowFirstRunHint(bool warmupUsed, bool prepareUsed) => (warmupUsed, prepareUsed) switch
    {
        (true, true) => "You are already using both -Warmup and -Prepare. Consider re-running the measurement on a quiet system: "
                        + "maybe it was a random outlier. Alternatively, consider a larger -Warmup.",
        (true, false) => "You are already using -Warmup, which helps to fill these caches before the timed runs. Try a larger "
                         + "-Warmup, or re-run on a quiet system in case it was a random outlier. Alternatively, use -Prepare to "
                         + "clear the caches before each timed run.",
        (false, true) => "You are already using -Prepare, which can clear caches. If it does not, try that, or use -Warmup to "
                         + "fill the caches before the timed runs.",
        _ => "Consider -Warmup to fill those caches before the timed runs, or -Prepare to clear them before each one.",
    };

    private static string Runs(IReadOnlyList<int> numbers)
    {
        const int Shown = 10;
        string list = string.Join(", ", numbers.Take(Shown));
        if (numbers.Count > Shown) list += $" and {numbers.Count - Shown} more";
        return (numbers.Count == 1 ? "run " : "runs ") + list;
    }

    internal static string Format(TimeSpan value) => MeasurementFormat.Duration(value);
}
