using System;

namespace Hero.Heartbeats;

/// <summary>A periodic sign of life from a running task.</summary>
public sealed record TaskHeartbeat(
    string TaskName,
    int Attempt,
    TimeSpan Interval,
    TimeSpan Elapsed,
    TimeSpan? TimeLeft,
    TimeSpan IdleTime,
    int? ProcessCount,
    long? TreeMemoryBytes,
    TimeSpan? TreeCpuTime);
