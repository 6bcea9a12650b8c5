using System;
using System.Collections.Generic;

namespace Hero;

/// <summary>One entry of a smoke suite: how its runs went and whether they kept to the budget.</summary>
public sealed class HeroSmokeTestResult
{
    public const int MaxOutputTailChars = 500;

    public string Name { get; init; } = string.Empty;

    public string? Category { get; init; }

    /// <summary>Every run succeeded.</summary>
    public bool Passed { get; init; }

    /// <summary>No run went over the time or memory budget (a memory the platform could not measure
    /// is not counted against it).</summary>
    public bool WithinBudget { get; init; }

    /// <summary>The first status that was not Succeeded, else Succeeded.</summary>
    public HeroTaskStatus Status { get; init; }

    public int ExitCode { get; init; }

    public int Iterations { get; init; }

    /// <summary>The longest run.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>The largest peak of the process tree over the runs; null when it could not be measured.</summary>
    public long? PeakMemoryBytes { get; init; }

    public TimeSpan BudgetTime { get; init; }

    public long? BudgetMemory { get; init; }

    /// <summary>Budget time plus -Buffer: when a run is stopped.</summary>
    public TimeSpan Deadline { get; init; }

    public string? Message { get; init; }

    /// <summary>The last 500 characters of the output of the run that failed (else the last run).</summary>
    public string OutputTail { get; init; } = string.Empty;

    public IReadOnlyList<HeroTaskResult> Runs { get; init; } = [];

    /// <summary>The verdicts on its objectives: success, time and (with a memory budget) memory.</summary>
    public IReadOnlyList<HeroSloResult> Slo { get; init; } = [];

    public override string ToString() => $"{Name}: {(Passed ? "passed" : Status.ToString())}{(WithinBudget ? string.Empty : ", over budget")}";
}
