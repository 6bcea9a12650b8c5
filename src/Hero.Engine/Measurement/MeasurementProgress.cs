using System;

namespace Hero.Measurement;

/// <summary>Where one target's measurement stands, after each run: for a progress bar and CI
/// heartbeat lines. <see cref="RunsKnown"/>: the number of runs is fixed (-Iterations), not an estimate.</summary>
public sealed record MeasurementProgress(
    string Target,
    MeasurementPhase Phase,
    int WarmupDone,
    int WarmupTotal,
    int RunsDone,
    int RunsExpected,
    TimeSpan? CurrentMean,
    TimeSpan Elapsed,
    TimeSpan? TimeLeft,
    bool RunsKnown);
