using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace Hero.Budgets;

/// <summary>Budgets as environment names with the unit in the name, as the legacy
/// slo-guardrails.yml set them (MAX_BUILD_TIME_SECONDS 300, MAX_RESPONSE_TIME_MS 2000,
/// MIN_AVAILABILITY_PERCENT 99, MAX_ERROR_RATE_PERCENT 1): from a file of those names, from a
/// workflow's env: block, or from the process environment. MAX_&lt;TASK&gt;_TIME_&lt;unit&gt; limits that
/// task's worst run, MAX_&lt;TASK&gt;_MEMORY_&lt;unit&gt; its memory; availability and error rate are the
/// success rate of every task together. Scores, bundle sizes and vulnerability counts are not
/// figures of a task run: kept and reported.</summary>
internal static class EnvironmentBudgetShape
{
    private static readonly Regex Name = new(@"^(MAX|MIN)_[A-Z0-9_]+$", RegexOptions.CultureInvariant);
    private static readonly Regex Limit = new(@"^MAX_(?<task>[A-Z0-9_]+?)_(?<kind>TIME|MEMORY)_(?<unit>MS|MILLISECONDS|SECONDS|SEC|S|MINUTES|MIN|B|BYTES|KB|MB|GB)$", RegexOptions.CultureInvariant);

    public static bool IsBudgetName(string name) => Name.IsMatch(name);

    /// <summary>A mapping of MAX_/MIN_ names, or a workflow file whose env: block has them.</summary>
    public static bool Matches(object? root) =>
        root is BudgetMap map && ((map.Count > 0 && map.Keys.All(IsBudgetName)) || (map["env"] is BudgetMap env && env.Keys.Any(IsBudgetName)));

    public static void Read(BudgetMap root, BudgetFields fields)
    {
        BudgetMap names = root["env"] is BudgetMap env && !root.Keys.All(IsBudgetName) ? env : root;
        string prefix = ReferenceEquals(names, root) ? string.Empty : "env.";
        if (!ReferenceEquals(names, root))
        {
            foreach (KeyValuePair<string, object?> other in root.Where(e => !e.Key.Equals("env", StringComparison.OrdinalIgnoreCase))) fields.Keep(other.Key, other.Value);
        }

        foreach (KeyValuePair<string, object?> entry in names)
        {
            string path = prefix + entry.Key;
            if (!IsBudgetName(entry.Key))
            {
                fields.Keep(path, entry.Value);
                continue;
            }

            Match limit = Limit.Match(entry.Key);
            if (limit.Success)
            {
                string task = limit.Groups["task"].Value.ToLowerInvariant().Replace('_', '-');
                double number = fields.Number(entry.Value, path);
                bool time = limit.Groups["kind"].Value == "TIME";
                string threshold = time ? $"max <= {ThresholdText.Duration(number * TimeFactor(limit.Groups["unit"].Value))}" : $"max <= {ThresholdText.Size(number * SizeFactor(limit.Groups["unit"].Value))}";
                fields.Add(path, task, time ? HeroSloMetric.Duration : HeroSloMetric.Memory, threshold, HeroSloLevel.Error);
                continue;
            }

            switch (entry.Key)
            {
                case "MIN_AVAILABILITY_PERCENT":
                    Rate(fields, path, fields.Number(entry.Value, path));
                    break;
                case "MAX_ERROR_RATE_PERCENT":
                    Rate(fields, path, 100 - fields.Number(entry.Value, path));
                    break;
                default:
                    fields.Keep(path, entry.Value);
                    break;
            }
        }
    }

    private static void Rate(BudgetFields fields, string path, double percent)
    {
        HeroSloObjective objective = fields.Add(path, "*", HeroSloMetric.Success, "rate >= " + ThresholdText.Percent(Math.Round(percent, 6)), HeroSloLevel.Error);
        objective.GroupBy = HeroSloGroupBy.None;
    }

    private static double TimeFactor(string unit) => unit switch
    {
        "MS" or "MILLISECONDS" => 0.001,
        "MINUTES" or "MIN" => 60,
        _ => 1,
    };

    private static double SizeFactor(string unit) => unit switch
    {
        "KB" => 1024,
        "MB" => 1024 * 1024,
        "GB" => 1024d * 1024 * 1024,
        _ => 1,
    };

    /// <summary>The budget names among environment variables, as a mapping (numbers where they parse).</summary>
    public static BudgetMap FromEnvironment(System.Collections.IDictionary variables)
    {
        var map = new BudgetMap();
        foreach (string name in variables.Keys.Cast<object>().Select(k => k.ToString() ?? string.Empty).Where(IsBudgetName).OrderBy(k => k, StringComparer.Ordinal))
        {
            string text = variables[name]?.ToString() ?? string.Empty;
            map.Set(name, double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) ? number : text);
        }

        return map;
    }
}
