using System;

namespace Hero.Resilience;

/// <summary>A call was refused because its circuit is open (or its half-open probe is running).</summary>
public sealed class CircuitOpenException(HeroCircuitState state)
    : Exception(Describe(state))
{
    public HeroCircuitState State { get; } = state;

    private static string Describe(HeroCircuitState state)
    {
        string until = state.OpenUntil is { } at ? $" until {at:yyyy-MM-ddTHH:mm:ss.fffZ}" : string.Empty;
        string why = state.LastFailure is { Length: > 0 } last ? $" Last failure: {last}" : string.Empty;
        return state.State == CircuitStatus.HalfOpen
            ? $"Circuit '{state.Name}' is half-open and its probe is still running; the call was not made.{why}"
            : $"Circuit '{state.Name}' is open{until} after {state.ConsecutiveFailures} consecutive failure(s); the call was not made.{why}";
    }
}
