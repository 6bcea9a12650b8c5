using System;

namespace Hero.Resilience;

/// <summary>One named circuit as Get-HeroCircuit shows it. Times are UTC.</summary>
public sealed class HeroCircuitState
{
    public string Name { get; set; } = string.Empty;

    public CircuitStatus State { get; set; } = CircuitStatus.Closed;

    public int ConsecutiveFailures { get; set; }

    public int FailureThreshold { get; set; }

    public TimeSpan BreakDuration { get; set; }

    /// <summary>While open: when the next probe may run.</summary>
    public DateTime? OpenUntil { get; set; }

    /// <summary>While half-open: when the probe that is running started (its lease ends a break
    /// duration later, so a crashed prober does not keep the circuit shut).</summary>
    public DateTime? ProbeStartedAt { get; set; }

    public DateTime? LastFailureTime { get; set; }

    public string? LastFailure { get; set; }

    public DateTime LastChanged { get; set; }

    /// <summary>Where the state lives: "session" or the state file's path.</summary>
    public string Store { get; set; } = "session";

    public HeroCircuitState Clone() => (HeroCircuitState)MemberwiseClone();
}
