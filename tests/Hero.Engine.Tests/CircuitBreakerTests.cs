using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Hero.Resilience;

namespace Hero.Tests;

/// <summary>The breaker against its two stores. The session store is static: every test names its
/// circuits uniquely. Break durations are short but the waits leave generous slack.</summary>
public sealed class CircuitBreakerTests : IDisposable
{
    private static readonly TimeSpan Break = TimeSpan.FromMilliseconds(800);
    private readonly string _scratch = Path.Combine(Path.GetTempPath(), "hero-circuit-" + Guid.NewGuid().ToString("N"));

    public CircuitBreakerTests() => Directory.CreateDirectory(_scratch);

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    private string StatePath => Path.Combine(_scratch, "circuits.json");

    public static IEnumerable<object[]> Stores => [["session"], ["file"]];

    /// <summary>The state path of a store: the scratch file, or null for the session.</summary>
    private string? StoreFor(string store) => store == "file" ? StatePath : null;

    private CircuitBreaker Breaker(string store, int threshold = 3, TimeSpan? breakDuration = null, string? name = null) =>
        new(name ?? "c-" + Guid.NewGuid().ToString("N"), threshold, breakDuration ?? Break, StoreFor(store));

    private static void Fail(CircuitBreaker breaker, int times)
    {
        for (int i = 0; i < times; i++) breaker.RecordFailure($"failure {i + 1}");
    }

    /// <summary>Waits until the circuit's break is over (by its own clock), plus a margin.</summary>
    private static void WaitPast(DateTime? openUntil)
    {
        Assert.NotNull(openUntil);
        TimeSpan left = openUntil!.Value - DateTime.UtcNow;
        if (left > TimeSpan.Zero) Thread.Sleep(left);
        Thread.Sleep(50);
    }

    /// <summary>Runs <paramref name="count"/> threads to the end; rethrows the first failure.</summary>
    private static void RunThreads(int count, Action<int> body)
    {
        var errors = new ConcurrentQueue<Exception>();
        Thread[] threads = Enumerable.Range(0, count).Select(i => new Thread(() =>
        {
            try
            {
                body(i);
            }
            catch (Exception e)
            {
                errors.Enqueue(e);
            }
        }) { IsBackground = true }).ToArray();
        foreach (Thread thread in threads) thread.Start();
        foreach (Thread thread in threads)
        {
            Assert.True(thread.Join(TimeSpan.FromSeconds(45)), "a worker thread did not finish");
        }

        if (errors.TryDequeue(out Exception? first))
        {
            throw new AggregateException(first);
        }
    }

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
    public void List_shows_the_states_of_the_file()
    {
        CircuitBreaker alpha = Breaker("file", threshold: 2, name: "alpha");
        CircuitBreaker beta = Breaker("file", threshold: 2, name: "Beta");
        CircuitBreaker gamma = Breaker("file", threshold: 5, name: "gamma");
        Fail(alpha, 2);
        beta.RecordFailure("once");
        gamma.RecordSuccess();

        IReadOnlyList<HeroCircuitState> states = CircuitBreaker.List(StatePath);

        Assert.Equal(["alpha", "Beta", "gamma"], states.Select(s => s.Name).ToArray());
        Assert.Equal(CircuitStatus.Open, states[0].State);
        Assert.Equal(2, states[0].ConsecutiveFailures);
        Assert.Equal(CircuitStatus.Closed, states[1].State);
        Assert.Equal(1, states[1].ConsecutiveFailures);
        Assert.Equal("once", states[1].LastFailure);
        Assert.Equal(5, states[2].FailureThreshold);
        Assert.Equal(Break, states[2].BreakDuration);
        Assert.All(states, s => Assert.Equal(Path.GetFullPath(StatePath), s.Store));
    }

    [Fact]
    public void List_of_a_missing_file_is_empty()
    {
        Assert.Empty(CircuitBreaker.List(Path.Combine(_scratch, "none.json")));
        Assert.False(File.Exists(Path.Combine(_scratch, "none.json")));
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

    [Fact]
    public void The_state_file_is_shared_by_two_breakers_as_by_two_processes()
    {
        var first = new CircuitBreaker("shared", 3, Break, StatePath);
        var second = new CircuitBreaker("shared", 3, Break, StatePath);

        first.RecordFailure("a");
        second.RecordFailure("b");
        HeroCircuitState open = first.RecordFailure("c");
        Assert.Equal(CircuitStatus.Open, open.State);
        Assert.Equal(3, open.ConsecutiveFailures);

        // The other "process" sees it open too, and it is on disk as JSON.
        Assert.False(second.TryEnter().Allowed);
        Assert.True(File.Exists(StatePath));
        using (var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(StatePath)))
        {
            Assert.Equal("Open", json.RootElement.GetProperty("shared").GetProperty("State").GetString());
        }

        WaitPast(open.OpenUntil);
        Assert.True(second.TryEnter().IsProbe);
        Assert.False(first.TryEnter().Allowed);
        second.RecordSuccess();
        Assert.True(first.TryEnter().Allowed);

        // A breaker created later (the next scheduled run) reads the file.
        var third = new CircuitBreaker("shared", 3, Break, StatePath);
        Assert.Equal(CircuitStatus.Closed, third.TryEnter().State.State);
    }

    [Fact]
    public void Circuits_of_a_file_and_of_the_session_are_apart()
    {
        string name = "c-" + Guid.NewGuid().ToString("N");
        new CircuitBreaker(name, 1, Break, StatePath).RecordFailure("file down");

        Assert.True(new CircuitBreaker(name, 1, Break).TryEnter().Allowed);
        Assert.False(new CircuitBreaker(name, 1, Break, StatePath).TryEnter().Allowed);
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

    [Fact]
    public void Concurrent_failures_on_one_shared_name_are_all_counted()
    {
        const int Threads = 4;
        const int FailuresEach = 25;
        using var start = new Barrier(Threads);
        RunThreads(Threads, t =>
        {
            var breaker = new CircuitBreaker("one", 1000, Break, StatePath);
            start.SignalAndWait();
            for (int i = 0; i < FailuresEach; i++) breaker.RecordFailure("x");
        });

        Assert.Equal(Threads * FailuresEach, Assert.Single(CircuitBreaker.List(StatePath)).ConsecutiveFailures);
    }

    [Theory]
    [InlineData("{ this is not json")]
    [InlineData("[1, 2, 3]")]
    [InlineData("{\"x\": {\"State\": \"Sideways\"}}")]
    public void A_corrupt_state_file_gives_CircuitStateException_naming_the_file(string content)
    {
        File.WriteAllText(StatePath, content);
        var breaker = new CircuitBreaker("x", 3, Break, StatePath);

        CircuitStateException entering = Assert.Throws<CircuitStateException>(() => breaker.TryEnter());
        Assert.Contains(Path.GetFullPath(StatePath), entering.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<System.Text.Json.JsonException>(entering.InnerException);
        Assert.Throws<CircuitStateException>(() => new CircuitBreaker("x", 3, Break, StatePath).RecordFailure("x"));
        CircuitStateException listing = Assert.Throws<CircuitStateException>(() => CircuitBreaker.List(StatePath));
        Assert.Contains(Path.GetFullPath(StatePath), listing.Message, StringComparison.Ordinal);

        // The corrupt file is left as it was for a person to look at, not overwritten.
        Assert.Equal(content, File.ReadAllText(StatePath));
    }

    [Fact]
    public void An_empty_state_file_is_an_empty_store()
    {
        File.WriteAllText(StatePath, "  \n");
        var breaker = new CircuitBreaker("x", 3, Break, StatePath);

        Assert.True(breaker.TryEnter().Allowed);
        Assert.Single(CircuitBreaker.List(StatePath));
    }

    [Fact]
    public void A_state_file_in_a_missing_folder_is_refused()
    {
        string path = Path.Combine(_scratch, "missing", "circuits.json");
        CircuitStateException e = Assert.Throws<CircuitStateException>(() => new CircuitBreaker("x", 3, Break, path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }
}
