using System;

namespace Hero.Slo;

/// <summary>An objective checked and ready to evaluate: its threshold parsed against its metric and
/// its task pattern compiled. <see cref="Compile"/> is where a bad objective is refused, before any
/// sample is looked at.</summary>
internal sealed class SloObjectivePlan
{
    private SloObjectivePlan(HeroSloObjective objective, ThresholdExpression threshold, TaskPattern pattern)
    {
        Objective = objective;
        Threshold = threshold;
        Pattern = pattern;
    }

    public HeroSloObjective Objective { get; }

    public ThresholdExpression Threshold { get; }

    public TaskPattern Pattern { get; }

    /// <exception cref="HeroSloObjectiveException">Names the objective, the field and, for the
    /// threshold, the column.</exception>
    public static SloObjectivePlan Compile(HeroSloObjective objective)
    {
        string name = string.IsNullOrWhiteSpace(objective.Name) ? objective.Threshold : objective.Name;
        if (string.IsNullOrWhiteSpace(objective.Threshold)) throw new HeroSloObjectiveException(name, "Threshold", "an objective needs a threshold, for example 'p(95) < 20s'.");
        if (objective.MinSamples < 1) throw new HeroSloObjectiveException(name, "MinSamples", "must be 1 or more.");
        if (objective.Confidence != 0 && !(objective.Confidence >= 0.5 && objective.Confidence < 1))
        {
            throw new HeroSloObjectiveException(name, "Confidence", "must be 0 (no interval) or between 0.5 and 1 (0.95 is 95 %).");
        }

        ThresholdExpression threshold;
        try
        {
            threshold = ThresholdParser.Parse(objective.Threshold, objective.Metric);
        }
        catch (ThresholdSyntaxException e)
        {
            throw new HeroSloObjectiveException(name, "Threshold", e.Reason, objective.Threshold, e.Column);
        }

        TaskPattern pattern;
        try
        {
            pattern = new TaskPattern(string.IsNullOrEmpty(objective.Task) ? "*" : objective.Task);
        }
        catch (FormatException e)
        {
            throw new HeroSloObjectiveException(name, "Task", e.Message);
        }

        return new SloObjectivePlan(objective, threshold, pattern);
    }

    public string Name => string.IsNullOrWhiteSpace(Objective.Name) ? Objective.Threshold : Objective.Name;
}
