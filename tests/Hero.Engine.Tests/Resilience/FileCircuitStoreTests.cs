using System;
using System.IO;
using System.Linq;
using System.Collections.Generic;
using System.Threading;
using Hero.Resilience;

namespace Hero.Tests.Resilience;

/// <summary>The state file that scheduled runs share: listing, two breakers as two processes, bad files.</summary>
public sealed class FileCircuitStoreTests : CircuitTestBase
{
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
        Assert.Empty(CircuitBreaker.List(Path.Combine(Scratch, "none.json")));
        Assert.False(File.Exists(Path.Combine(Scratch, "none.json")));
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
        string path = Path.Combine(Scratch, "missing", "circuits.json");
        CircuitStateException e = Assert.Throws<CircuitStateException>(() => new CircuitBreaker("x", 3, Break, path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }
}
