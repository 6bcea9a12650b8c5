using System;
using System.Collections.Generic;

namespace Hero.Budgets;

/// <summary>The legacy .ci-performance-budgets.json: budgets.&lt;group&gt;.time in seconds (each name
/// a variant, the npm script '&lt;group&gt;:&lt;name&gt;'; 'critical' the ceiling of every task of the group),
/// budgets.&lt;group&gt;.memory in MB ('max' an error, 'warning' a warning). Bundle sizes (KB),
/// coverage, cache and the overall totals are not figures of a task run: kept and reported.</summary>
internal static class CiBudgetsShape
{
    public static bool Matches(object? root) => root is BudgetMap map && map["budgets"] is BudgetMap;

    public static void Read(BudgetMap root, BudgetFields fields)
    {
        foreach (KeyValuePair<string, object?> top in root)
        {
            if (!top.Key.Equals("budgets", StringComparison.OrdinalIgnoreCase))
            {
                if (top.Key is not ("name" or "version" or "description")) fields.Keep(top.Key, top.Value);
                continue;
            }

            foreach (KeyValuePair<string, object?> group in fields.Map(top.Value, "budgets"))
            {
                string groupPath = "budgets." + group.Key;
                foreach (KeyValuePair<string, object?> kind in fields.Map(group.Value, groupPath))
                {
                    string kindPath = groupPath + "." + kind.Key;
                    switch (kind.Key.ToLowerInvariant())
                    {
                        case "time" when !group.Key.Equals("overall", StringComparison.OrdinalIgnoreCase):
                            foreach (KeyValuePair<string, object?> entry in fields.Map(kind.Value, kindPath))
                            {
                                string path = kindPath + "." + entry.Key;
                                bool ceiling = entry.Key.Equals("critical", StringComparison.OrdinalIgnoreCase);
                                fields.Add(path, ceiling ? group.Key + "*" : group.Key + ":" + entry.Key, HeroSloMetric.Duration,
                                    $"max <= {ThresholdText.Duration(fields.Number(entry.Value, path))}", ceiling ? HeroSloLevel.Critical : HeroSloLevel.Error, category: group.Key);
                            }

                            break;
                        case "memory":
                            foreach (KeyValuePair<string, object?> entry in fields.Map(kind.Value, kindPath))
                            {
                                string path = kindPath + "." + entry.Key;
                                HeroSloLevel? level = entry.Key.ToLowerInvariant() switch
                                {
                                    "max" => HeroSloLevel.Error,
                                    "warning" => HeroSloLevel.Warning,
                                    _ => null,
                                };
                                if (level is null)
                                {
                                    fields.Keep(path, entry.Value);
                                    continue;
                                }

                                fields.Add(path, group.Key + "*", HeroSloMetric.Memory, $"max <= {ThresholdText.Size(fields.Number(entry.Value, path) * 1024 * 1024)}", level.Value, category: group.Key);
                            }

                            break;
                        default:
                            fields.Keep(kindPath, kind.Value);
                            break;
                    }
                }
            }
        }
    }
}
