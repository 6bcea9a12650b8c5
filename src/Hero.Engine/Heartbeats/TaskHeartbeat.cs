using System;

namespace Hero.Heartbeats;

/// <summary>A periodic sign of life from a running task.</summary>
/// <param name="IdleTime">Since the last output, or since the start when <paramref name="AnyOutput"/> is false.</param>
public sealed record TaskHeartbeat(
    string TaskName,
    int Attempt,
    TimeSpan Interval,
    TimeSpan Elapsed,
    TimeSpan? TimeLeft,
    TimeSpan IdleTime,
    int? ProcessCount,
    long? TreeMemoryBytes,
    TimeSpan? TreeCpuTime,
    bool AnyOutput = true);
