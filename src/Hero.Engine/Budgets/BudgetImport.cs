using System.Collections.Generic;

namespace Hero.Budgets;

/// <summary>What a budget file turned into: its objectives, and the fields Hero kept but has no
/// objective for (reported with -Verbose), each with its path in the file.</summary>
internal sealed class BudgetImport(string format)
{
    public string Format { get; } = format;

    public List<HeroSloObjective> Objectives { get; } = [];

    public List<KeyValuePair<string, object?>> Unknown { get; } = [];

    /// <summary>What the importer assumed or applied (a unit, an environment's overrides), for -Verbose.</summary>
    public List<string> Notes { get; } = [];
}
