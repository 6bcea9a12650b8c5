using System;
using System.Collections.Generic;
using System.Globalization;

namespace Hero.Budgets;

/// <summary>OpenSLO v1 (apiVersion openslo/v1, kind SLO): each entry of spec.objectives becomes an
/// objective. A threshold objective "op lte, value V, target t" says that a share t of the events
/// stays at or under V, which is p(100 t) &lt;= V; gte and gt turn into p(100 (1 - t)) &gt;= V. An
/// objective with only a target (a ratio indicator: good over total) is a success rate, rate &gt;= t.
/// OpenSLO values carry no unit and name no Hero task, so annotations (or labels) say them:
/// hero/task (else spec.service, else every task), hero/metric (else success for a ratio indicator,
/// duration otherwise), hero/unit (else ms for durations, B for memory, s for cpu) and hero/level.
/// Other kinds (Service, SLI, AlertPolicy ...) and fields Hero does not evaluate (timeWindow,
/// budgetingMethod, alertPolicies) are kept and reported.</summary>
internal static class OpenSloShape
{
    public static bool Matches(object? document) =>
        document is BudgetMap map && map["apiVersion"] is string version && version.StartsWith("openslo/", StringComparison.OrdinalIgnoreCase);

    public static void Read(IReadOnlyList<object?> documents, BudgetFields fields)
    {
        for (int d = 0; d < documents.Count; d++)
        {
            string at = documents.Count > 1 ? $"[document {d + 1}]" : string.Empty;
            BudgetMap document = fields.Map(documents[d], at.Length == 0 ? "(document)" : at);
            string kind = document["kind"] is { } k ? fields.Text(k, Join(at, "kind")) : string.Empty;
            if (!kind.Equals("SLO", StringComparison.OrdinalIgnoreCase))
            {
                fields.Keep(Join(at, kind.Length == 0 ? "(no kind)" : kind), document);
                continue;
            }

            ReadSlo(document, fields, at);
        }
    }

    private static void ReadSlo(BudgetMap document, BudgetFields fields, string at)
    {
        BudgetMap metadata = fields.Map(document["metadata"] ?? new BudgetMap(), Join(at, "metadata"));
        string name = metadata["name"] is { } n ? fields.Text(n, Join(at, "metadata.name")) : "slo";
        BudgetMap spec = fields.Map(document["spec"], Join(at, "spec"));
        string? Hint(string key) =>
            (metadata["annotations"] as BudgetMap)?["hero/" + key] is { } a ? fields.Text(a, Join(at, "metadata.annotations.hero/" + key))
            : (metadata["labels"] as BudgetMap)?["hero/" + key] is { } l ? fields.Text(l, Join(at, "metadata.labels.hero/" + key)) : null;

        string task = Hint("task") ?? (spec["service"] is { } service ? fields.Text(service, Join(at, "spec.service")) : "*");
        bool ratio = spec["indicator"] is BudgetMap indicator && indicator["spec"] is BudgetMap indicatorSpec && indicatorSpec.Has("ratioMetric");
        string? metricText = Hint("metric");
        HeroSloMetric metric = metricText is null ? (ratio ? HeroSloMetric.Success : HeroSloMetric.Duration)
            : HeroObjectivesShape.Metric(metricText) ?? throw fields.Fail(Join(at, "metadata.annotations.hero/metric"), $"unknown metric '{metricText}'; use duration, cpu, memory, success or exitcode.");
        string? levelText = Hint("level");
        HeroSloLevel level = levelText is null ? HeroSloLevel.Error
            : HeroObjectivesShape.Level(levelText) ?? throw fields.Fail(Join(at, "metadata.annotations.hero/level"), $"unknown level '{levelText}'; use Error, Warning or Critical.");
        string unit = Hint("unit") ?? metric switch
        {
            HeroSloMetric.Duration => "ms",
            HeroSloMetric.Memory => "B",
            HeroSloMetric.Cpu => "s",
            _ => string.Empty,
        };
        if (Hint("unit") is null && unit.Length > 0) fields.Import.Notes.Add($"{Join(at, name)}: OpenSLO values have no unit; '{unit}' assumed (set the annotation hero/unit to say otherwise).");

        foreach (KeyValuePair<string, object?> field in spec)
        {
            if (field.Key is not ("objectives" or "service" or "description")) fields.Keep(Join(at, "spec." + field.Key), field.Value);
        }

        string? description = spec["description"] is { } text ? fields.Text(text, Join(at, "spec.description")) : null;
        List<object?> objectives = fields.List(spec["objectives"], Join(at, "spec.objectives"));
        for (int i = 0; i < objectives.Count; i++)
        {
            string path = Join(at, $"spec.objectives[{i}]");
            BudgetMap entry = fields.Map(objectives[i], path);
            string display = entry["displayName"] is { } dn ? fields.Text(dn, path + ".displayName") : (objectives.Count == 1 ? name : $"{name}[{i}]");
            double target = Target(entry, fields, path);
            string threshold = Threshold(entry, fields, path, target, unit, metric);
            HeroSloObjective objective = fields.Add(objectives.Count == 1 ? name : $"{name}/{display}", task, metric, threshold, level, description);
            foreach (KeyValuePair<string, object?> extra in entry)
            {
                if (extra.Key is not ("displayName" or "op" or "value" or "target" or "targetPercent"))
                {
                    objective.Unknown[extra.Key] = extra.Value;
                    fields.Keep(path + "." + extra.Key, extra.Value);
                }
            }
        }
    }

    private static double Target(BudgetMap entry, BudgetFields fields, string path)
    {
        double target = entry["targetPercent"] is { } percent ? fields.Number(percent, path + ".targetPercent") / 100
            : entry["target"] is { } t ? fields.Number(t, path + ".target")
            : throw fields.Fail(path, "an OpenSLO objective needs a target (0 to 1) or a targetPercent (0 to 100).");
        if (target <= 0 || target > 1) throw fields.Fail(path + (entry.Has("targetPercent") ? ".targetPercent" : ".target"), "the target must lie between 0 and 1 (targetPercent between 0 and 100).");
        return target;
    }

    private static string Threshold(BudgetMap entry, BudgetFields fields, string path, double target, string unit, HeroSloMetric metric)
    {
        if (entry["op"] is null) return "rate >= " + ThresholdText.Percent(target * 100);
        string op = fields.Text(entry["op"], path + ".op").ToLowerInvariant();
        double value = fields.Number(entry["value"], path + ".value");
        string quantity = ThresholdText.Number(value) + (metric is HeroSloMetric.Success or HeroSloMetric.ExitCode ? string.Empty : unit);
        string percentile(double share) => "p(" + Math.Round(share * 100, 6).ToString(CultureInfo.InvariantCulture) + ")";
        return op switch
        {
            "lte" => $"{percentile(target)} <= {quantity}",
            "lt" => $"{percentile(target)} < {quantity}",
            "gte" => $"{percentile(1 - target)} >= {quantity}",
            "gt" => $"{percentile(1 - target)} > {quantity}",
            _ => throw fields.Fail(path + ".op", $"unknown op '{op}'; OpenSLO's are lte, lt, gte and gt."),
        };
    }

    private static string Join(string at, string key) => at.Length == 0 ? key : at + "." + key;
}
