using System;
using System.Collections.Generic;

namespace Hero.Resilience;

/// <summary>A consecutive-failure circuit breaker: after <c>threshold</c> failures in a row the
/// circuit opens and calls fail fast; once the break duration is over one probe is let through
/// (half-open): its success closes the circuit, its failure opens it again. The state lives in the
/// session, or in a file shared by several processes. (Polly's breaker counts failure ratios per
/// process; this one has to survive across scheduled runs, so Hero keeps its own.)</summary>
public sealed class CircuitBreaker
{
    public const int DefaultFailureThreshold = 5;

    public static readonly TimeSpan DefaultBreakDuration = TimeSpan.FromSeconds(60);

    private readonly ICircuitStore _store;

    public CircuitBreaker(string name, int failureThreshold, TimeSpan breakDuration, string? statePath = null)
    {
        Name = name;
        FailureThreshold = failureThreshold;
        BreakDuration = breakDuration;
        _store = StoreFor(statePath);
    }

    public string Name { get; }

    public int FailureThreshold { get; }

    public TimeSpan BreakDuration { get; }

    public static IReadOnlyList<HeroCircuitState> List(string? statePath) => StoreFor(statePath).All();

    private static ICircuitStore StoreFor(string? statePath) =>
        string.IsNullOrEmpty(statePath) ? SessionCircuitStore.Instance : new FileCircuitStore(statePath!);

    /// <summary>Asks to run one call. Denied while open; the first caller after the break becomes
    /// the probe.</summary>
    public CircuitPermit TryEnter()
    {
        return _store.Update(Name, current =>
        {
            DateTime now = DateTime.UtcNow;
            HeroCircuitState state = Configure(current, now);
            switch (state.State)
            {
                case CircuitStatus.Open when state.OpenUntil > now:
                    return (state, new CircuitPermit(false, false, state.Clone()));
                case CircuitStatus.Open:
                    state.State = CircuitStatus.HalfOpen;
                    state.ProbeStartedAt = now;
                    state.LastChanged = now;
                    return (state, new CircuitPermit(true, true, state.Clone()));
                case CircuitStatus.HalfOpen when state.ProbeStartedAt + BreakDuration > now:
                    return (state, new CircuitPermit(false, false, state.Clone()));
                case CircuitStatus.HalfOpen:
                    state.ProbeStartedAt = now;
                    return (state, new CircuitPermit(true, true, state.Clone()));
                default:
                    return (state, new CircuitPermit(true, false, state.Clone()));
            }
        });
    }

    public HeroCircuitState RecordSuccess()
    {
        return _store.Update(Name, current =>
        {
            DateTime now = DateTime.UtcNow;
            HeroCircuitState state = Configure(current, now);
            if (state.State != CircuitStatus.Closed) state.LastChanged = now;
            state.State = CircuitStatus.Closed;
            state.ConsecutiveFailures = 0;
            state.OpenUntil = null;
            state.ProbeStartedAt = null;
            return (state, state.Clone());
        });
    }

    public HeroCircuitState RecordFailure(string message)
    {
        return _store.Update(Name, current =>
        {
            DateTime now = DateTime.UtcNow;
            HeroCircuitState state = Configure(current, now);
            state.ConsecutiveFailures++;
            state.LastFailure = message;
            state.LastFailureTime = now;
            if (state.State == CircuitStatus.HalfOpen || state.ConsecutiveFailures >= FailureThreshold)
            {
                state.State = CircuitStatus.Open;
                state.OpenUntil = now + BreakDuration;
                state.ProbeStartedAt = null;
                state.LastChanged = now;
            }

            return (state, state.Clone());
        });
    }

    private HeroCircuitState Configure(HeroCircuitState? current, DateTime now)
    {
        HeroCircuitState state = current ?? new HeroCircuitState { Name = Name, LastChanged = now };
        state.Name = Name;
        state.FailureThreshold = FailureThreshold;
        state.BreakDuration = BreakDuration;
        return state;
    }
}
