using System.Collections.Generic;

namespace Hero;

/// <summary>One service-level objective: which tasks (a wildcard), which metric, and a threshold in
/// k6's grammar ('p(95) &lt; 20s', 'max &lt; 4GB', 'rate &gt;= 99%', 'med &lt;= 1.15 * baseline').
/// Import-HeroBudget makes them from budget files; Test-HeroSlo evaluates them.</summary>
public sealed class HeroSloObjective
{
    public const double DefaultConfidence = 0.95;

    public string Name { get; set; } = string.Empty;

    /// <summary>A wildcard over task (or measurement) names; '*' is every task.</summary>
    public string Task { get; set; } = "*";

    public HeroSloMetric Metric { get; set; } = HeroSloMetric.Duration;

    public string Threshold { get; set; } = string.Empty;

    public HeroSloLevel Level { get; set; } = HeroSloLevel.Error;

    /// <summary>Fewer samples than this make the verdict Inconclusive.</summary>
    public int MinSamples { get; set; } = 1;

    public HeroSloGroupBy GroupBy { get; set; } = HeroSloGroupBy.Task;

    /// <summary>The coverage of the interval the verdict allows for (0.95); 0 compares the observed
    /// value alone, with no interval.</summary>
    public double Confidence { get; set; } = DefaultConfidence;

    public string? Description { get; set; }

    /// <summary>The group a budget file put it in (a smoke-test category, a CI stage), if any.</summary>
    public string? Category { get; set; }

    /// <summary>Where it came from: a file (and the path inside it), or '-Objective'.</summary>
    public string? Source { get; set; }

    /// <summary>Fields of its entry in the budget file that Hero does not use, kept as they were.</summary>
    public IDictionary<string, object?> Unknown { get; set; } = new Dictionary<string, object?>();

    public override string ToString() => $"{Name}: {Metric} {Threshold} ({Task})";
}
