using System;
using System.Collections.Generic;
using System.Linq;

namespace Hero.Budgets;

/// <summary>The legacy slo.config.js, transcribed to JSON (the same sections and field names, numbers
/// computed: 4294967296 for 4 * 1024 * 1024 * 1024); JavaScript is never executed. Times are ms,
/// sizes bytes, CPU percent of one core, regression levels fractions. With an environment, its
/// section of 'environments' overrides the top level first. Following the legacy enforcer, a p95
/// over its limit warns, p99 and maxTime are critical, memory over its limit is critical, CPU over
/// maxCPU warns and over maxCPUBurst is critical; enforcement.failOnWarning makes warnings errors,
/// failOnCritical = false and failOnRegression = false make those warnings.</summary>
internal static class SloConfigShape
{
    private static readonly string[] Sections = ["build", "ci", "resources", "regression", "enforcement", "gates", "environments"];

    public static bool Matches(object? root) => root is BudgetMap map && !map.Has("budgets") && Sections.Any(map.Has);

    public static void Read(BudgetMap root, BudgetFields fields, string? environment)
    {
        root = WithEnvironment(root, fields, environment);
        int first = fields.Import.Objectives.Count;
        var regression = new List<HeroSloObjective>();
        foreach (KeyValuePair<string, object?> section in root)
        {
            switch (section.Key.ToLowerInvariant())
            {
                case "build":
                    Limits(fields.Map(section.Value, "build"), fields, "build", "build");
                    break;
                case "ci":
                    Limits(fields.Map(section.Value, "ci"), fields, "ci", "ci");
                    break;
                case "resources":
                    Limits(fields.Map(section.Value, "resources"), fields, "resources", "*");
                    break;
                case "regression":
                    regression.AddRange(Regression(fields.Map(section.Value, "regression"), fields));
                    break;
                case "gates":
                    Gates(fields.Map(section.Value, "gates"), fields, regression);
                    break;
                case "enforcement" or "environments":
                    break;
                default:
                    fields.Keep(section.Key, section.Value);
                    break;
            }
        }

        if (root["enforcement"] is { } enforcement) Enforce(fields.Map(enforcement, "enforcement"), fields, first, regression);
    }

    private static BudgetMap WithEnvironment(BudgetMap root, BudgetFields fields, string? environment)
    {
        BudgetMap? environments = root["environments"] is { } e ? fields.Map(e, "environments") : null;
        if (environment is null)
        {
            if (environments is { Count: > 0 }) fields.Import.Notes.Add($"environments: {string.Join(", ", environments.Keys)} (choose one with -Environment; the top-level values apply).");
            return root;
        }

        if (environments?[environment] is not { } chosen)
        {
            throw fields.Fail("environments", $"there is no environment '{environment}'; the file has {(environments is { Count: > 0 } ? string.Join(", ", environments.Keys) : "none")}.");
        }

        fields.Import.Notes.Add($"environments.{environment} overrides the top level.");
        return Merge(root, fields.Map(chosen, "environments." + environment));
    }

    private static BudgetMap Merge(BudgetMap under, BudgetMap over)
    {
        var merged = new BudgetMap();
        foreach (KeyValuePair<string, object?> entry in under) merged.Set(entry.Key, entry.Value);
        foreach (KeyValuePair<string, object?> entry in over)
        {
            merged.Set(entry.Key, merged[entry.Key] is BudgetMap inner && entry.Value is BudgetMap replacement ? Merge(inner, replacement) : entry.Value);
        }

        return merged;
    }

    /// <summary>build, ci and resources: percentiles, maxima and (in ci) stage timeouts.</summary>
    private static void Limits(BudgetMap section, BudgetFields fields, string name, string task)
    {
        foreach (KeyValuePair<string, object?> entry in section)
        {
            string path = name + "." + entry.Key;
            string? threshold = null;
            HeroSloMetric metric = HeroSloMetric.Duration;
            HeroSloLevel level = HeroSloLevel.Critical;
            string key = entry.Key.ToLowerInvariant();
            switch (key)
            {
                case "p95" or "p99" when task != "*":
                    threshold = $"p({key.Substring(1)}) <= {Ms(entry.Value, fields, path)}";
                    level = key == "p95" ? HeroSloLevel.Warning : HeroSloLevel.Critical;
                    break;
                case "maxtime" when task != "*":
                    threshold = $"max <= {Ms(entry.Value, fields, path)}";
                    break;
                case "maxmemory" or "maxrss":
                    (metric, threshold) = (HeroSloMetric.Memory, $"max <= {ThresholdText.Size(fields.Number(entry.Value, path))}");
                    break;
                case "maxcpu" or "maxcpuusage":
                    (metric, threshold, level) = (HeroSloMetric.Cpu, $"max <= {ThresholdText.Percent(fields.Number(entry.Value, path))}", HeroSloLevel.Warning);
                    break;
                case "maxcpuburst":
                    (metric, threshold) = (HeroSloMetric.Cpu, $"max <= {ThresholdText.Percent(fields.Number(entry.Value, path))}");
                    break;
                case "maxcpuaverage":
                    (metric, threshold, level) = (HeroSloMetric.Cpu, $"avg <= {ThresholdText.Percent(fields.Number(entry.Value, path))}", HeroSloLevel.Warning);
                    break;
                default:
                    // ci's other numbers that are not limits of something else are stage timeouts (ms).
                    if (name == "ci" && entry.Value is double && !key.StartsWith("max", StringComparison.Ordinal) && !key.StartsWith("min", StringComparison.Ordinal))
                    {
                        fields.Add(path, entry.Key, HeroSloMetric.Duration, $"max <= {Ms(entry.Value, fields, path)}", HeroSloLevel.Error, $"ci stage '{entry.Key}'", "ci");
                        continue;
                    }

                    fields.Keep(path, entry.Value);
                    continue;
            }

            fields.Add(path, task, metric, threshold, level, category: name);
        }
    }

    private static List<HeroSloObjective> Regression(BudgetMap section, BudgetFields fields)
    {
        var made = new List<HeroSloObjective>();
        int minRuns = section["minBaselineRuns"] is { } runs ? (int)fields.Number(runs, "regression.minBaselineRuns") : 1;
        foreach (KeyValuePair<string, object?> entry in section)
        {
            (string? suffix, HeroSloLevel level) = entry.Key.ToLowerInvariant() switch
            {
                "warningthreshold" => ("-warning", HeroSloLevel.Warning),
                "threshold" => (string.Empty, HeroSloLevel.Error),
                "criticalthreshold" => ("-critical", HeroSloLevel.Critical),
                _ => ((string?)null, HeroSloLevel.Error),
            };
            string path = "regression." + entry.Key;
            if (suffix is null)
            {
                if (!entry.Key.Equals("minBaselineRuns", StringComparison.OrdinalIgnoreCase)) fields.Keep(path, entry.Value);
                continue;
            }

            HeroSloObjective objective = fields.Add(path, "*", HeroSloMetric.Duration, $"med <= {Slo.RegressionObjectives.Factor(fields.Number(entry.Value, path))} * baseline", level, category: "regression");
            objective.MinSamples = Math.Max(1, minRuns);
            made.Add(objective);
        }

        return made;
    }

    private static void Gates(BudgetMap gates, BudgetFields fields, List<HeroSloObjective> regression)
    {
        foreach (KeyValuePair<string, object?> group in gates)
        {
            foreach (KeyValuePair<string, object?> gate in fields.Map(group.Value, "gates." + group.Key))
            {
                string path = $"gates.{group.Key}.{gate.Key}";
                BudgetMap spec = fields.Map(gate.Value, path);
                if (spec["enabled"] is { } enabled && !fields.Flag(enabled, path + ".enabled"))
                {
                    fields.Keep(path, gate.Value);
                    continue;
                }

                object? value = spec["threshold"];
                string task = group.Key.Equals("resources", StringComparison.OrdinalIgnoreCase) || group.Key.Equals("regression", StringComparison.OrdinalIgnoreCase) ? "*" : group.Key;
                (HeroSloMetric Metric, string Threshold)? made = (group.Key.ToLowerInvariant(), gate.Key.ToLowerInvariant()) switch
                {
                    (_, "time") when task != "*" => (HeroSloMetric.Duration, $"max <= {Ms(value, fields, path + ".threshold")}"),
                    (not "regression", "memory") => (HeroSloMetric.Memory, $"max <= {ThresholdText.Size(fields.Number(value, path + ".threshold"))}"),
                    ("resources", "cpu") => (HeroSloMetric.Cpu, $"max <= {ThresholdText.Percent(fields.Number(value, path + ".threshold"))}"),
                    ("regression", "performance") => (HeroSloMetric.Duration, $"med <= {Slo.RegressionObjectives.Factor(fields.Number(value, path + ".threshold"))} * baseline"),
                    ("regression", "memory") => (HeroSloMetric.Memory, $"med <= {Slo.RegressionObjectives.Factor(fields.Number(value, path + ".threshold"))} * baseline"),
                    _ => null,
                };
                if (made is null)
                {
                    fields.Keep(path, gate.Value);
                    continue;
                }

                HeroSloObjective objective = fields.Add(path, task, made.Value.Metric, made.Value.Threshold, HeroSloLevel.Error, category: "gates");
                if (group.Key.Equals("regression", StringComparison.OrdinalIgnoreCase)) regression.Add(objective);
            }
        }
    }

    private static void Enforce(BudgetMap enforcement, BudgetFields fields, int first, List<HeroSloObjective> regression)
    {
        bool failOnWarning = enforcement["failOnWarning"] is { } w && fields.Flag(w, "enforcement.failOnWarning");
        bool failOnCritical = enforcement["failOnCritical"] is not { } c || fields.Flag(c, "enforcement.failOnCritical");
        bool failOnRegression = enforcement["failOnRegression"] is not { } r || fields.Flag(r, "enforcement.failOnRegression");
        foreach (KeyValuePair<string, object?> entry in enforcement)
        {
            if (entry.Key is not ("failOnWarning" or "failOnCritical" or "failOnRegression")) fields.Keep("enforcement." + entry.Key, entry.Value);
        }

        foreach (HeroSloObjective objective in fields.Import.Objectives.Skip(first))
        {
            if (regression.Contains(objective) && !failOnRegression) objective.Level = HeroSloLevel.Warning;
            else if (objective.Level == HeroSloLevel.Critical && !failOnCritical) objective.Level = HeroSloLevel.Warning;
            else if (objective.Level == HeroSloLevel.Warning && failOnWarning && !(regression.Contains(objective) && !failOnRegression)) objective.Level = HeroSloLevel.Error;
        }
    }

    private static string Ms(object? value, BudgetFields fields, string path) => ThresholdText.Duration(fields.Number(value, path) / 1000);
}
