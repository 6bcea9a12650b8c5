using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Threading;
using Hero.Resilience;

namespace Hero.Tests.Resilience;

/// <summary>The breaker's states (closed, open, one probe) against both stores, and many threads at once.</summary>
public sealed class CircuitBreakerTests : CircuitTestBase
{
    [Theory]
    [MemberData(nameof(Stores))]
    public void A_new_circuit_is_closed_and_lets_calls_through(string store)
    {
        CircuitBreaker breaker = Breaker(store);
        CircuitPermit permit = breaker.TryEnter();

        Assert.True(permit.Allowed);
        Assert.False(permit.IsProbe);
        Assert.Equal(CircuitStatus.Closed, permit.State.State);
        Assert.Equal(breaker.Name, permit.State.Name);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public void Circuit_opens_after_threshold_consecutive_failures(string store)
    {
        CircuitBreaker breaker = Breaker(store, threshold: 3);

        HeroCircuitState first = breaker.RecordFailure("boom 1");
        HeroCircuitState second = breaker.RecordFailure("boom 2");
        Assert.Equal(CircuitStatus.Closed, second.State);
        Assert.Equal(2, second.ConsecutiveFailures);
        Assert.Equal(1, first.ConsecutiveFailures);
        Assert.True(breaker.TryEnter().Allowed);

        DateTime before = DateTime.UtcNow;
        HeroCircuitState third = breaker.RecordFailure("boom 3");
        Assert.Equal(CircuitStatus.Open, third.State);
        Assert.Equal(3, third.ConsecutiveFailures);
        Assert.Equal("boom 3", third.LastFailure);
        Assert.NotNull(third.OpenUntil);
        Assert.InRange(third.OpenUntil!.Value, before + Break, DateTime.UtcNow + Break);
        Assert.Equal(DateTimeKind.Utc, third.OpenUntil.Value.Kind);

        CircuitPermit denied = breaker.TryEnter();
        Assert.False(denied.Allowed);
        Assert.False(denied.IsProbe);
        Assert.Equal(CircuitStatus.Open, denied.State.State);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public void A_success_resets_the_failure_count(string store)
    {
        CircuitBreaker breaker = Breaker(store, threshold: 3);
        Fail(breaker, 2);

        HeroCircuitState afterSuccess = breaker.RecordSuccess();
        Assert.Equal(0, afterSuccess.ConsecutiveFailures);
        Assert.Equal(CircuitStatus.Closed, afterSuccess.State);

        // Two more failures are again below the threshold: the earlier two no longer count.
        Fail(breaker, 2);
        Assert.True(breaker.TryEnter().Allowed);
        Assert.Equal(CircuitStatus.Open, breaker.RecordFailure("third in a row").State);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public void Open_circuit_denies_until_the_break_is_over_then_allows_one_probe(string store)
    {
        CircuitBreaker breaker = Breaker(store, threshold: 1);
        HeroCircuitState open = breaker.RecordFailure("down");
        Assert.Equal(CircuitStatus.Open, open.State);

        for (int i = 0; i < 5; i++)
        {
            Assert.False(breaker.TryEnter().Allowed);
        }

        WaitPast(open.OpenUntil);
        CircuitPermit probe = breaker.TryEnter();
        Assert.True(probe.Allowed);
        Assert.True(probe.IsProbe);
        Assert.Equal(CircuitStatus.HalfOpen, probe.State.State);
        Assert.NotNull(probe.State.ProbeStartedAt);

        CircuitPermit second = breaker.TryEnter();
        Assert.False(second.Allowed);
        Assert.False(second.IsProbe);
        Assert.Equal(CircuitStatus.HalfOpen, second.State.State);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public void Exactly_one_of_many_concurrent_callers_becomes_the_probe(string store)
    {
        string name = "c-" + Guid.NewGuid().ToString("N");
        CircuitBreaker first = Breaker(store, threshold: 1, name: name);
        HeroCircuitState open = first.RecordFailure("down");
        WaitPast(open.OpenUntil);

        const int Callers = 8;
        using var start = new Barrier(Callers);
        var permits = new ConcurrentBag<CircuitPermit>();
        RunThreads(Callers, _ =>
        {
            // Each caller its own instance, as separate runspaces or processes would have.
            CircuitBreaker breaker = Breaker(store, threshold: 1, name: name);
            start.SignalAndWait();
            permits.Add(breaker.TryEnter());
        });

        Assert.Single(permits, p => p.Allowed);
        Assert.Single(permits, p => p.IsProbe);
        Assert.Equal(Callers - 1, permits.Count(p => !p.Allowed));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public void Probe_success_closes_the_circuit(string store)
    {
        CircuitBreaker breaker = Breaker(store, threshold: 2);
        Fail(breaker, 2);
        WaitPast(breaker.TryEnter().State.OpenUntil);
        Assert.True(breaker.TryEnter().IsProbe);

        HeroCircuitState closed = breaker.RecordSuccess();
        Assert.Equal(CircuitStatus.Closed, closed.State);
        Assert.Equal(0, closed.ConsecutiveFailures);
        Assert.Null(closed.OpenUntil);
        Assert.Null(closed.ProbeStartedAt);

        CircuitPermit next = breaker.TryEnter();
        Assert.True(next.Allowed);
        Assert.False(next.IsProbe);
        // Closed again means the full threshold applies again.
        Assert.Equal(CircuitStatus.Closed, breaker.RecordFailure("one").State);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public void Probe_failure_reopens_the_circuit_with_a_new_open_until(string store)
    {
        CircuitBreaker breaker = Breaker(store, threshold: 3);
        Fail(breaker, 3);
        DateTime? firstOpenUntil = breaker.TryEnter().State.OpenUntil;
        WaitPast(firstOpenUntil);
        Assert.True(breaker.TryEnter().IsProbe);

        DateTime before = DateTime.UtcNow;
        HeroCircuitState reopened = breaker.RecordFailure("probe failed");
        Assert.Equal(CircuitStatus.Open, reopened.State);
        Assert.Equal("probe failed", reopened.LastFailure);
        Assert.True(reopened.OpenUntil > firstOpenUntil, $"{reopened.OpenUntil:O} not after {firstOpenUntil:O}");
        Assert.InRange(reopened.OpenUntil!.Value, before + Break, DateTime.UtcNow + Break);
        Assert.Null(reopened.ProbeStartedAt);

        Assert.False(breaker.TryEnter().Allowed);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public void A_probe_lease_expires_after_one_break_duration(string store)
    {
        CircuitBreaker breaker = Breaker(store, threshold: 1);
        WaitPast(breaker.RecordFailure("down").OpenUntil);
        CircuitPermit probe = breaker.TryEnter();
        Assert.True(probe.IsProbe);

        // The prober never reports back (crashed). Within the lease nobody else gets in...
        Assert.False(breaker.TryEnter().Allowed);

        // ...after it, the next caller becomes the new probe.
        WaitPast(probe.State.ProbeStartedAt + Break);
        CircuitPermit next = breaker.TryEnter();
        Assert.True(next.Allowed);
        Assert.True(next.IsProbe);
        Assert.True(next.State.ProbeStartedAt > probe.State.ProbeStartedAt);
        Assert.False(breaker.TryEnter().Allowed);
    }

    [Fact]
    public void List_of_the_session_shows_session_circuits()
    {
        string name = "c-" + Guid.NewGuid().ToString("N");
        var breaker = new CircuitBreaker(name, 1, Break);
        breaker.RecordFailure("down");

        HeroCircuitState state = Assert.Single(CircuitBreaker.List(null), s => s.Name == name);
        Assert.Equal(CircuitStatus.Open, state.State);
        Assert.Equal("session", state.Store);
    }

    [Fact]
    public void Session_list_returns_copies_not_the_live_state()
    {
        string name = "c-" + Guid.NewGuid().ToString("N");
        var breaker = new CircuitBreaker(name, 3, Break);
        breaker.RecordFailure("one");

        HeroCircuitState listed = Assert.Single(CircuitBreaker.List(null), s => s.Name == name);
        listed.ConsecutiveFailures = 99;
        listed.State = CircuitStatus.Open;

        Assert.True(breaker.TryEnter().Allowed);
        Assert.Equal(1, Assert.Single(CircuitBreaker.List(null), s => s.Name == name).ConsecutiveFailures);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public void Concurrent_failures_from_many_threads_are_all_counted(string store)
    {
        const int Threads = 8;
        const int FailuresEach = 50;
        string prefix = "c-" + Guid.NewGuid().ToString("N") + "-";
        using var start = new Barrier(Threads);
        RunThreads(Threads, t =>
        {
            // Threshold above the count: the circuit stays closed and every failure must be counted.
            CircuitBreaker breaker = Breaker(store, threshold: 1000, name: prefix + t);
            start.SignalAndWait();
            for (int i = 0; i < FailuresEach; i++)
            {
                breaker.RecordFailure($"thread {t} failure {i}");
            }
        });

        HeroCircuitState[] states = CircuitBreaker.List(StoreFor(store))
            .Where(s => s.Name.StartsWith(prefix, StringComparison.Ordinal)).ToArray();
        Assert.Equal(Threads, states.Length);
        Assert.All(states, s => Assert.Equal(FailuresEach, s.ConsecutiveFailures));
        Assert.All(states, s => Assert.Equal(CircuitStatus.Closed, s.State));
    }
}
