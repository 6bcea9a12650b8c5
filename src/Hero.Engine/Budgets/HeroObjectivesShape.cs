using System;
using System.Collections.Generic;

namespace Hero.Budgets;

/// <summary>Hero's own objectives, in .psd1, .json or .yaml: { Objectives = @( @{ Name; Task;
/// Metric; Threshold; Level; MinSamples; GroupBy; Confidence; Description; Category } ) }, or the
/// list alone. -Objective hashtables take the same keys.</summary>
internal static class HeroObjectivesShape
{
    public static bool Matches(object? root) =>
        (root is BudgetMap map && map["objectives"] is List<object?>) || (root is List<object?> list && list.Count > 0 && list[0] is BudgetMap first && first.Has("threshold"));

    public static void Read(object? root, BudgetFields fields)
    {
        List<object?> entries;
        string prefix = string.Empty;
        if (root is BudgetMap map)
        {
            prefix = "objectives";
            entries = fields.List(map["objectives"], prefix);
            foreach (KeyValuePair<string, object?> other in map)
            {
                if (!other.Key.Equals("objectives", StringComparison.OrdinalIgnoreCase)) fields.Keep(other.Key, other.Value);
            }
        }
        else
        {
            entries = fields.List(root, "(top level)");
        }

        for (int i = 0; i < entries.Count; i++)
        {
            fields.Import.Objectives.Add(Objective(fields.Map(entries[i], $"{prefix}[{i}]"), fields, $"{prefix}[{i}]"));
        }
    }

    /// <summary>One objective from its keys; a wrong key or value names the field.</summary>
    public static HeroSloObjective Objective(BudgetMap entry, BudgetFields fields, string path, string? label = null)
    {
        string? name = entry["name"] is { } n ? fields.Text(n, path.Length == 0 ? "Name" : path + ".name") : null;
        label = name ?? label ?? path;
        Exception Fail(string field, string reason) => fields.Fail(path.Length == 0 ? field : path + "." + field, reason, label);
        object? threshold = entry["threshold"];
        if (threshold is null) throw Fail("Threshold", "an objective needs a threshold, for example 'p(95) < 20s'.");
        string thresholdField = path.Length == 0 ? "Threshold" : path + ".threshold";
        var objective = new HeroSloObjective
        {
            Name = name ?? fields.Text(threshold, thresholdField),
            Threshold = fields.Text(threshold, thresholdField),
            Source = fields.Path is null ? "-Objective" : fields.Path + (path.Length == 0 ? string.Empty : ": " + path),
        };
        foreach (KeyValuePair<string, object?> field in entry)
        {
            string at = path.Length == 0 ? field.Key : path + "." + field.Key;
            switch (field.Key.ToLowerInvariant())
            {
                case "name" or "threshold":
                    break;
                case "task":
                    objective.Task = fields.Text(field.Value, at);
                    break;
                case "metric":
                    objective.Metric = Metric(fields.Text(field.Value, at)) ?? throw Fail(field.Key, $"unknown metric '{field.Value}'; use duration, cpu, memory, success or exitcode.");
                    break;
                case "level":
                    objective.Level = Level(fields.Text(field.Value, at)) ?? throw Fail(field.Key, $"unknown level '{field.Value}'; use Error, Warning or Critical.");
                    break;
                case "minsamples":
                    double min = fields.Number(field.Value, at);
                    if (min < 1 || min != Math.Floor(min)) throw Fail(field.Key, "must be a whole number, 1 or more.");
                    objective.MinSamples = (int)min;
                    break;
                case "groupby":
                    objective.GroupBy = fields.Choice<HeroSloGroupBy>(field.Value, at, "grouping");
                    break;
                case "confidence":
                    double confidence = fields.Number(field.Value, at);
                    objective.Confidence = confidence > 1 ? confidence / 100 : confidence;
                    break;
                case "description":
                    objective.Description = fields.Text(field.Value, at);
                    break;
                case "category":
                    objective.Category = fields.Text(field.Value, at);
                    break;
                default:
                    objective.Unknown[field.Key] = field.Value;
                    fields.Keep(at, field.Value);
                    break;
            }
        }

        return objective;
    }

    public static HeroSloMetric? Metric(string text) => text.ToLowerInvariant() switch
    {
        "duration" or "time" or "wall" => HeroSloMetric.Duration,
        "cpu" => HeroSloMetric.Cpu,
        "memory" or "mem" => HeroSloMetric.Memory,
        "success" => HeroSloMetric.Success,
        "exitcode" or "exit_code" => HeroSloMetric.ExitCode,
        _ => null,
    };

    public static HeroSloLevel? Level(string text) => text.ToLowerInvariant() switch
    {
        "warning" or "warn" => HeroSloLevel.Warning,
        "error" => HeroSloLevel.Error,
        "critical" => HeroSloLevel.Critical,
        _ => null,
    };
}
