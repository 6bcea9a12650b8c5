using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using Hero.Logging;
using Hero.Resilience;
using static Hero.Tests.Support.RetryHarness;

namespace Hero.Tests.Resilience;

/// <summary>The circuit breaker as the executor uses it: asked before, told after every attempt.</summary>
public sealed class RetryExecutorCircuitTests
{
    [Fact]
    public void A_circuit_opened_by_failures_refuses_the_next_call_without_running_it()
    {
        var plan = new Plan(0);
        plan.Circuit = new CircuitBreaker(NewCircuitName(), 2, TimeSpan.FromMinutes(5));
        int calls = 0;
        int Failing(int n, CancellationToken _)
        {
            calls++;
            throw new InvalidOperationException("service down");
        }

        Failure<InvalidOperationException, int>(Run<int>(plan, Failing));
        Failure<InvalidOperationException, int>(Run<int>(plan, Failing));
        Assert.Equal(2, calls);

        CircuitOpenException open = Refused(Run<int>(plan, Failing));
        Assert.Equal(2, calls);
        Assert.Equal(CircuitStatus.Open, open.State.State);
        Assert.Equal(2, open.State.ConsecutiveFailures);
        Assert.Equal("service down", open.State.LastFailure);
        Assert.Contains(plan.Circuit.Name, open.Message, StringComparison.Ordinal);
    }
    [Fact]
    public void A_circuit_that_opens_during_retries_ends_them_without_another_call()
    {
        var plan = new Plan(10);
        plan.Circuit = new CircuitBreaker(NewCircuitName(), 3, TimeSpan.FromMinutes(5));
        int calls = 0;

        Refused(Run<int>(plan, (_, _) =>
            {
                calls++;
                throw new InvalidOperationException("down");
            }));

        Assert.Equal(3, calls);
        Assert.Equal([1, 2, 3], plan.Events.Retries().Select(r => r.Attempt));
    }
    [Fact]
    public void A_success_through_the_executor_resets_the_circuit()
    {
        var plan = new Plan(5);
        plan.Circuit = new CircuitBreaker(NewCircuitName(), 3, TimeSpan.FromMinutes(5));

        Assert.Equal(3, RunValue(plan, (n, _) => n < 3 ? throw new InvalidOperationException() : n));

        HeroCircuitState state = plan.Circuit.TryEnter().State;
        Assert.Equal(CircuitStatus.Closed, state.State);
        Assert.Equal(0, state.ConsecutiveFailures);
    }
    [Fact]
    public void A_timed_out_attempt_counts_as_a_circuit_failure()
    {
        var plan = new Plan(0);
        plan.AttemptTimeout = TimeSpan.FromMilliseconds(100);
        plan.Circuit = new CircuitBreaker(NewCircuitName(), 1, TimeSpan.FromMinutes(5));

        Failure<AttemptTimedOutException, int>(Run<int>(plan, (_, token) =>
        {
            token.WaitHandle.WaitOne(TimeSpan.FromSeconds(20));
            token.ThrowIfCancellationRequested();
            return 0;
        }));

        HeroCircuitState state = plan.Circuit.TryEnter().State;
        Assert.Equal(CircuitStatus.Open, state.State);
        Assert.Equal("Attempt 1 timed out.", state.LastFailure);
    }
    [Fact]
    public void After_the_break_the_executor_call_is_the_probe_and_its_success_closes_the_circuit()
    {
        var plan = new Plan(0);
        plan.Circuit = new CircuitBreaker(NewCircuitName(), 1, TimeSpan.FromMilliseconds(800));
        Failure<InvalidOperationException, int>(Run<int>(plan, (_, _) => throw new InvalidOperationException()));
        Refused(Run(plan, (_, _) => 1));

        Thread.Sleep(1000);
        CircuitPermit? during = null;
        Assert.Equal(1, RunValue(plan, (_, _) =>
        {
            // While the probe runs, another caller is refused.
            during = plan.Circuit.TryEnter();
            return 1;
        }));

        Assert.NotNull(during);
        Assert.False(during!.Allowed);
        Assert.Equal(CircuitStatus.HalfOpen, during.State.State);
        Assert.Equal(CircuitStatus.Closed, plan.Circuit.TryEnter().State.State);
    }
    [Fact]
    public void A_corrupt_circuit_state_file_ends_the_call_without_running_or_retrying_it()
    {
        string path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "hero-exec-" + Guid.NewGuid().ToString("N") + ".json");
        System.IO.File.WriteAllText(path, "{ corrupt");
        try
        {
            var plan = new Plan(3);
            plan.Circuit = new CircuitBreaker(NewCircuitName(), 3, TimeSpan.FromMinutes(5), path);
            int calls = 0;

            CircuitStateException e = Assert.Throws<CircuitStateException>(() => Run(plan, (_, _) => ++calls));

            Assert.Equal(0, calls);
            Assert.Empty(plan.Events.Retries());
            Assert.Contains(path, e.Message, StringComparison.Ordinal);
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }
    [Fact]
    public void A_refused_call_is_logged_as_a_warning_the_host_reports()
    {
        var plan = new Plan(0) { Circuit = new CircuitBreaker(NewCircuitName(), 1, TimeSpan.FromMinutes(5)) };
        Failure<InvalidOperationException, int>(Run<int>(plan, (_, _) => throw new InvalidOperationException()));
        Refused(Run(plan, (_, _) => 1));

        HeroLogRecord last = plan.Events.Records[^1];
        Assert.Equal(HeroLogLevel.Warning, last.Level);
        Assert.True(last.HostReported);
        Assert.Equal(plan.Circuit!.Name, last.Properties["Circuit"]);
    }
}
