using System;

namespace Hero.Heartbeats;

/// <summary>What one beat reports.</summary>
public sealed record HeartbeatBeat(
    string Name,
    int HeartbeatId,
    int Beat,
    TimeSpan Elapsed,
    int Step,
    int TotalSteps,
    string? Status,
    TimeSpan SinceLastUpdate,
    HeartbeatState State);
