using System;
using System.Collections.Generic;

namespace Hero;

/// <summary>What Invoke-HeroSmokeTest found: counts over the selected entries and each entry's result.</summary>
public sealed class HeroSmokeTestSummary
{
    public string Suite { get; init; } = string.Empty;

    public int Total { get; init; }

    public int Passed { get; init; }

    public int Failed { get; init; }

    public int WithinBudget { get; init; }

    public int OverBudget { get; init; }

    /// <summary>Wall time of the whole suite.</summary>
    public TimeSpan Duration { get; init; }

    public IReadOnlyList<HeroSmokeTestResult> Results { get; init; } = [];

    /// <summary>Every entry passed, and with -FailOnBudget also kept to its budget.</summary>
    public bool Succeeded { get; init; }

    public override string ToString() => $"{Suite}: {Passed}/{Total} passed, {OverBudget} over budget";
}
