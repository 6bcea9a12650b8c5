using System;
using System.Collections.Generic;
using System.Linq;

namespace Hero.Slo;

/// <summary>A smoke suite's results judged by the same evaluator as Test-HeroSlo: per entry a
/// 'success' objective (every run succeeded: a failure or timeout fails), a 'time' objective (the
/// longest run within the budget) and, with a memory budget, a 'memory' one; over budget warns, or
/// fails with -FailOnBudget.</summary>
internal static class SmokeJudge
{
    public static List<SloObjectivePlan> Objectives(IEnumerable<SmokeEntry> entries, bool failOnBudget)
    {
        HeroSloLevel budget = failOnBudget ? HeroSloLevel.Error : HeroSloLevel.Warning;
        var objectives = new List<HeroSloObjective>();
        foreach (SmokeEntry entry in entries)
        {
            string task = TaskPattern.Escape(entry.Name);
            objectives.Add(Objective("success", task, HeroSloMetric.Success, "rate == 100%", HeroSloLevel.Error, entry));
            objectives.Add(Objective("time", task, HeroSloMetric.Duration, "max <= " + Budgets.ThresholdText.Duration(entry.BudgetTime.Ticks / (double)TimeSpan.TicksPerSecond), budget, entry));
            if (entry.BudgetMemory is { } memory) objectives.Add(Objective("memory", task, HeroSloMetric.Memory, "max <= " + memory + "B", budget, entry));
        }

        return objectives.Select(SloObjectivePlan.Compile).ToList();
    }

    /// <summary>Each run's result as a sample of its entry.</summary>
    public static List<SloSample> Samples(IEnumerable<SmokeEntry> entries, IReadOnlyCollection<HeroTaskResult> runs)
    {
        Dictionary<string, SmokeEntry> byRun = RunIndex(entries);
        return runs.Where(r => SloSample.Counts(r) && byRun.ContainsKey(r.Name))
            .Select(r => SloSample.From(r) with { Task = byRun[r.Name].Name })
            .ToList();
    }

    public static HeroSmokeTestSummary Summarize(string suite, IReadOnlyList<SmokeEntry> entries, IReadOnlyCollection<HeroTaskResult> runs, IReadOnlyList<HeroSloResult> verdicts, TimeSpan buffer, TimeSpan duration, bool failOnBudget)
    {
        Dictionary<string, SmokeEntry> byRun = RunIndex(entries);
        var results = new List<HeroSmokeTestResult>();
        foreach (SmokeEntry entry in entries)
        {
            List<HeroTaskResult> mine = runs.Where(r => byRun.TryGetValue(r.Name, out SmokeEntry? owner) && owner == entry).ToList();
            List<HeroSloResult> slo = verdicts.Where(v => string.Equals(v.Task, entry.Name, StringComparison.OrdinalIgnoreCase) || string.Equals(v.Task, TaskPattern.Escape(entry.Name), StringComparison.OrdinalIgnoreCase)).ToList();
            HeroTaskResult? bad = mine.FirstOrDefault(r => !r.Succeeded);
            HeroTaskResult? shown = bad ?? mine.LastOrDefault();
            bool passed = mine.Count == entry.Iterations && bad is null;
            bool within = !slo.Any(v => v.Objective != "success" && v.Verdict is HeroSloVerdict.Fail or HeroSloVerdict.Warn);
            long[] peaks = mine.Where(r => r.PeakMemoryBytes is not null).Select(r => r.PeakMemoryBytes!.Value).ToArray();
            results.Add(new HeroSmokeTestResult
            {
                Name = entry.Name,
                Category = entry.Category,
                Passed = passed,
                WithinBudget = within,
                Status = bad?.Status ?? (mine.Count > 0 ? HeroTaskStatus.Succeeded : HeroTaskStatus.Skipped),
                ExitCode = shown?.ExitCode ?? 0,
                Iterations = entry.Iterations,
                Duration = mine.Count > 0 ? mine.Max(r => r.Duration) : TimeSpan.Zero,
                PeakMemoryBytes = peaks.Length > 0 ? peaks.Max() : null,
                BudgetTime = entry.BudgetTime,
                BudgetMemory = entry.BudgetMemory,
                Deadline = entry.BudgetTime + buffer,
                Message = bad?.Message ?? (within ? null : string.Join(" ", slo.Where(v => v.Verdict is HeroSloVerdict.Fail or HeroSloVerdict.Warn).Select(v => $"Over the {v.Objective} budget: {v.Message}"))),
                OutputTail = shown is null ? string.Empty : Tail(shown),
                Runs = mine,
                Slo = slo,
            });
        }

        int passedCount = results.Count(r => r.Passed);
        int withinCount = results.Count(r => r.WithinBudget);
        return new HeroSmokeTestSummary
        {
            Suite = suite,
            Total = results.Count,
            Passed = passedCount,
            Failed = results.Count - passedCount,
            WithinBudget = withinCount,
            OverBudget = results.Count - withinCount,
            Duration = duration,
            Results = results,
            Succeeded = passedCount == results.Count && (!failOnBudget || withinCount == results.Count),
        };
    }

    private static Dictionary<string, SmokeEntry> RunIndex(IEnumerable<SmokeEntry> entries)
    {
        var index = new Dictionary<string, SmokeEntry>(StringComparer.OrdinalIgnoreCase);
        foreach (SmokeEntry entry in entries)
        {
            foreach (string run in entry.RunNames()) index[run] = entry;
        }

        return index;
    }

    private static HeroSloObjective Objective(string name, string task, HeroSloMetric metric, string threshold, HeroSloLevel level, SmokeEntry entry) => new()
    {
        Name = name,
        Task = task,
        Metric = metric,
        Threshold = threshold,
        Level = level,
        Category = entry.Category,
        Source = entry.Name,
    };

    private static string Tail(HeroTaskResult run)
    {
        string text = string.IsNullOrEmpty(run.StdErr) ? run.StdOut : run.StdOut.Length == 0 ? run.StdErr : run.StdOut.TrimEnd() + "\n" + run.StdErr;
        return Reporting.ResultJsonWriter.Tail(text, HeroSmokeTestResult.MaxOutputTailChars);
    }
}
