using System;
using System.Collections.Generic;
using System.Linq;
using Hero.Measurement;

namespace Hero.Slo;

/// <summary>The one evaluator behind Test-HeroSlo and Invoke-HeroSmokeTest: for each objective, the
/// samples of each matching task (or of all of them, GroupBy None), the aggregate and its interval,
/// and the verdict. A verdict is Pass or a violation only when the whole interval is on one side of
/// the threshold; otherwise Inconclusive. A threshold that is a multiple of the baseline compares
/// ratios; for med the ratio and its interval come from the Mann–Whitney test on both samples.</summary>
internal static class SloEvaluator
{
    public static List<HeroSloResult> Evaluate(IReadOnlyList<SloObjectivePlan> plans, IReadOnlyList<SloSample> current, IReadOnlyList<SloSample>? baseline)
    {
        var results = new List<HeroSloResult>();
        foreach (SloObjectivePlan plan in plans)
        {
            List<SloSample> matching = current.Where(s => plan.Pattern.Matches(s.Task)).ToList();
            if (matching.Count == 0)
            {
                results.Add(NoData(plan, plan.Pattern.Text, 0, $"no sample matched the task '{plan.Pattern.Text}'."));
                continue;
            }

            IEnumerable<IGrouping<string, SloSample>> groups = plan.Objective.GroupBy == HeroSloGroupBy.Task
                ? matching.GroupBy(s => s.Task, StringComparer.OrdinalIgnoreCase)
                : matching.GroupBy(_ => plan.Pattern.Text);
            foreach (IGrouping<string, SloSample> group in groups)
            {
                List<SloSample>? reference = baseline?.Where(s => plan.Objective.GroupBy == HeroSloGroupBy.Task
                    ? string.Equals(s.Task, group.Key, StringComparison.OrdinalIgnoreCase)
                    : plan.Pattern.Matches(s.Task)).ToList();
                results.Add(EvaluateGroup(plan, group.Key, group.ToList(), reference));
            }
        }

        return results;
    }

    private static HeroSloResult EvaluateGroup(SloObjectivePlan plan, string task, List<SloSample> samples, List<SloSample>? baseline)
    {
        ThresholdExpression threshold = plan.Threshold;
        List<double> values = Values(samples, plan.Objective.Metric, threshold);
        if (values.Count == 0)
        {
            return NoData(plan, task, 0, $"none of the {samples.Count} sample(s) of '{task}' has a {plan.Objective.Metric.ToString().ToLowerInvariant()} figure.");
        }

        double level = plan.Objective.Confidence;
        SloEstimate estimate = SloEstimate.Of(threshold.Aggregation, threshold.Percentile, values, level);
        string unit = UnitOf(threshold);
        double limit = threshold.Value.Offset;
        double? baselineValue = null;
        if (threshold.Value.HasBaseline)
        {
            if (baseline is null) throw new HeroSloObjectiveException(plan.Name, "Threshold", "it refers to 'baseline', but no baseline was given (-BaselinePath).", threshold.Text);
            List<double> reference = Values(baseline, plan.Objective.Metric, threshold);
            if (reference.Count == 0) return NoData(plan, task, values.Count, $"the baseline has no {plan.Objective.Metric.ToString().ToLowerInvariant()} sample of '{task}'.");
            baselineValue = SloEstimate.Of(threshold.Aggregation, threshold.Percentile, reference, 0).Value;
            if (threshold.Value.IsRatio)
            {
                unit = SloUnits.Ratio;
                limit = threshold.Value.Factor;
                if (threshold.Aggregation == ThresholdAggregation.Med && level > 0 && values.Concat(reference).All(v => v > 0))
                {
                    (double ratio, double? low, double? high, double coverage) = MannWhitney.Ratio(reference, values, level);
                    estimate = new SloEstimate(ratio, low, high, low is null ? level : coverage, MannWhitney.Method);
                }
                else if (baselineValue > 0)
                {
                    estimate = estimate.Over(baselineValue.Value);
                }
                else
                {
                    return Result(plan, task, values.Count, estimate.Over(1), HeroSloVerdict.Inconclusive, limit, unit, baselineValue,
                        $"the baseline's {threshold.AggregationText} is {SloUnits.Format(baselineValue.Value, UnitOf(threshold))}; a ratio to it means nothing.");
                }
            }
            else
            {
                limit = threshold.Value.Factor * baselineValue.Value + threshold.Value.Offset;
            }
        }

        if (values.Count < plan.Objective.MinSamples)
        {
            return Result(plan, task, values.Count, estimate, HeroSloVerdict.Inconclusive, limit, unit, baselineValue,
                $"{values.Count} sample(s); the objective needs at least {plan.Objective.MinSamples} (MinSamples).");
        }

        (HeroSloVerdict verdict, string message) = SloVerdicts.Decide(plan, estimate, limit, unit, values.Count);
        return Result(plan, task, values.Count, estimate, verdict, limit, unit, baselineValue, message);
    }

    /// <summary>The metric's value per sample, in base units; cpu against a percentage is CPU time
    /// over wall time (1 is one core busy the whole run).</summary>
    internal static List<double> Values(IEnumerable<SloSample> samples, HeroSloMetric metric, ThresholdExpression threshold)
    {
        var values = new List<double>();
        foreach (SloSample s in samples)
        {
            double? value = metric switch
            {
                HeroSloMetric.Duration => s.Duration,
                HeroSloMetric.Memory => s.Memory,
                HeroSloMetric.Success => s.Success ? 1 : 0,
                HeroSloMetric.ExitCode => s.ExitCode,
                _ when threshold.Dimension == ThresholdDimension.Fraction && threshold.Aggregation != ThresholdAggregation.Rate =>
                    s.Cpu is { } cpu && s.Duration is { } wall && wall > 0 ? cpu / wall : null,
                _ => s.Cpu,
            };
            if (value is { } v && !double.IsNaN(v)) values.Add(v);
        }

        return values;
    }

    private static string UnitOf(ThresholdExpression threshold) => threshold.Aggregation switch
    {
        ThresholdAggregation.Count => SloUnits.Count,
        ThresholdAggregation.Rate => SloUnits.Fraction,
        _ => SloUnits.UnitOf(threshold.Dimension),
    };

    private static HeroSloResult NoData(SloObjectivePlan plan, string task, int samples, string message) => new()
    {
        Objective = plan.Name,
        Task = task,
        Metric = plan.Objective.Metric,
        Threshold = plan.Objective.Threshold,
        Limit = plan.Threshold.Value.HasBaseline ? null : plan.Threshold.Value.Offset,
        Unit = UnitOf(plan.Threshold),
        Samples = samples,
        Verdict = HeroSloVerdict.NoData,
        Level = plan.Objective.Level,
        Message = message,
    };

    private static HeroSloResult Result(SloObjectivePlan plan, string task, int samples, SloEstimate estimate, HeroSloVerdict verdict, double limit, string unit, double? baseline, string message) => new()
    {
        Objective = plan.Name,
        Task = task,
        Metric = plan.Objective.Metric,
        Threshold = plan.Objective.Threshold,
        Limit = limit,
        Actual = estimate.Value,
        Unit = unit,
        Interval = estimate.ToInterval(),
        Samples = samples,
        Verdict = verdict,
        Level = plan.Objective.Level,
        Margin = SloVerdicts.Margin(plan.Threshold.Operator, estimate.Value, limit),
        Baseline = baseline,
        Message = message,
    };
}
