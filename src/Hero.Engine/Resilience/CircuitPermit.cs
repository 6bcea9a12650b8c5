namespace Hero.Resilience;

/// <param name="Allowed">Whether the call may run.</param>
/// <param name="IsProbe">The call is the half-open probe.</param>
public sealed record CircuitPermit(bool Allowed, bool IsProbe, HeroCircuitState State);
