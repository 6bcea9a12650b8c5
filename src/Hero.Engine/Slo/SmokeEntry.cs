using System;
using System.Collections.Generic;

namespace Hero.Slo;

/// <summary>An entry of a smoke suite: the task it runs (its deadline already set to budget time +
/// buffer), its budget and how many times it runs.</summary>
internal sealed class SmokeEntry(string name, HeroTaskDefinition definition, TimeSpan budgetTime, long? budgetMemory, string? category, int iterations)
{
    public string Name { get; } = name;

    public HeroTaskDefinition Definition { get; } = definition;

    public TimeSpan BudgetTime { get; } = budgetTime;

    public long? BudgetMemory { get; } = budgetMemory;

    public string? Category { get; } = category;

    public int Iterations { get; } = iterations;

    /// <summary>The task names of its runs: the entry's name, or 'name #2' and so on for several.</summary>
    public IEnumerable<string> RunNames()
    {
        if (Iterations == 1)
        {
            yield return Name;
            yield break;
        }

        for (int i = 1; i <= Iterations; i++) yield return $"{Name} #{i}";
    }
}
