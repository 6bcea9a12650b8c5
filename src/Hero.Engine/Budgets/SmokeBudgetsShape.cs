using System;
using System.Collections.Generic;
using System.Linq;

namespace Hero.Budgets;

/// <summary>Named budgets { time (ms), memory (bytes), cpu (percent), description }, as the legacy
/// tests/smoke/performance-budgets.config.ts declares them, either flat (keyed by task or npm
/// script: 'build:fast') or grouped by category (BUILD_SYSTEM_BUDGETS: { build: {...} }). Each
/// figure is the limit of the task's worst run: max &lt;= it, an error.</summary>
internal static class SmokeBudgetsShape
{
    private static readonly string[] Figures = ["time", "memory", "cpu"];

    public static bool Matches(object? root) =>
        root is BudgetMap map && map.Count > 0 && map.All(e => IsEntry(e.Value) || (e.Value is BudgetMap group && group.Count > 0 && group.All(g => IsEntry(g.Value))));

    private static bool IsEntry(object? value) => value is BudgetMap entry && Figures.Any(entry.Has);

    public static void Read(BudgetMap root, BudgetFields fields)
    {
        foreach (KeyValuePair<string, object?> top in root)
        {
            if (IsEntry(top.Value))
            {
                Entry(top.Key, (BudgetMap)top.Value!, fields, top.Key, null);
                continue;
            }

            foreach (KeyValuePair<string, object?> entry in (BudgetMap)top.Value!)
            {
                Entry(entry.Key, (BudgetMap)entry.Value!, fields, top.Key + "." + entry.Key, top.Key);
            }
        }
    }

    private static void Entry(string task, BudgetMap entry, BudgetFields fields, string path, string? category)
    {
        string? description = entry["description"] is { } d ? fields.Text(d, path + ".description") : null;
        var made = new List<HeroSloObjective>();
        foreach (KeyValuePair<string, object?> figure in entry)
        {
            string at = path + "." + figure.Key;
            (HeroSloMetric Metric, string Threshold)? objective = figure.Key.ToLowerInvariant() switch
            {
                "time" => (HeroSloMetric.Duration, $"max <= {ThresholdText.Duration(fields.Number(figure.Value, at) / 1000)}"),
                "memory" => (HeroSloMetric.Memory, $"max <= {ThresholdText.Size(fields.Number(figure.Value, at))}"),
                "cpu" => (HeroSloMetric.Cpu, $"max <= {ThresholdText.Percent(fields.Number(figure.Value, at))}"),
                _ => null,
            };
            if (objective is { } o) made.Add(fields.Add(at, Slo.TaskPattern.Escape(task), o.Metric, o.Threshold, HeroSloLevel.Error, description, category));
        }

        foreach (KeyValuePair<string, object?> extra in entry.Where(e => !Figures.Contains(e.Key, StringComparer.OrdinalIgnoreCase) && !e.Key.Equals("description", StringComparison.OrdinalIgnoreCase)))
        {
            foreach (HeroSloObjective objective in made) objective.Unknown[extra.Key] = extra.Value;
            fields.Keep(path + "." + extra.Key, extra.Value);
        }
    }
}
