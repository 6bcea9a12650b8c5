using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using Hero.Resilience;

namespace Hero.Tests.Resilience;

/// <summary>RetryExecutor runs the attempts on the calling thread; the delegates here are real code
/// that fails, succeeds, or blocks on its token.</summary>
public sealed class RetryExecutorTests
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(10);

    private static RetryPlan Plan(int retries, TimeSpan? delay = null, RetryBackoff backoff = RetryBackoff.Constant) => new()
    {
        RetryCount = retries,
        Schedule = new RetrySchedule(delay ?? Short, TimeSpan.Zero, backoff, jitter: false),
    };

    private static T Run<T>(RetryPlan plan, Func<int, CancellationToken, T> attempt,
        Func<Exception, int, bool>? shouldRetry = null, Action<int, Exception, TimeSpan>? onRetry = null,
        CancellationToken cancel = default) =>
        RetryExecutor.Execute(plan, attempt, shouldRetry ?? ((_, _) => true), onRetry, cancel);

    private static string NewCircuitName() => "exec-" + Guid.NewGuid().ToString("N");

    [Fact]
    public void Returns_the_value_of_the_first_attempt_when_it_succeeds()
    {
        var seen = new List<int>();
        int result = Run(Plan(3), (n, _) => { seen.Add(n); return 7; });

        Assert.Equal(7, result);
        Assert.Equal([1], seen);
    }

    [Fact]
    public void Returns_the_value_of_the_first_successful_attempt()
    {
        var seen = new List<int>();
        string result = Run(Plan(5), (n, _) =>
        {
            seen.Add(n);
            if (n < 3) throw new InvalidOperationException($"fail {n}");
            return $"ok on {n}";
        });

        Assert.Equal("ok on 3", result);
        Assert.Equal([1, 2, 3], seen);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public void Retries_RetryCount_times_then_rethrows_the_last_exception(int retries)
    {
        int calls = 0;
        InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => Run<int>(Plan(retries), (n, _) =>
        {
            calls++;
            throw new InvalidOperationException($"fail {n}");
        }));

        Assert.Equal(retries + 1, calls);
        Assert.Equal($"fail {retries + 1}", e.Message);
    }

    [Fact]
    public void ShouldRetry_false_stops_at_once()
    {
        int calls = 0;
        var asked = new List<(string, int)>();
        Assert.Throws<FormatException>(() => Run<int>(Plan(5), (n, _) =>
            {
                calls++;
                throw new FormatException($"bad {n}");
            },
            shouldRetry: (e, n) => { asked.Add((e.Message, n)); return false; }));

        Assert.Equal(1, calls);
        Assert.Equal([("bad 1", 1)], asked);
    }

    [Fact]
    public void ShouldRetry_sees_each_failure_and_can_stop_on_a_later_one()
    {
        int calls = 0;
        var asked = new List<(Type, int)>();
        Assert.Throws<ArgumentException>(() => Run<int>(Plan(5), (n, _) =>
            {
                calls++;
                throw n < 3 ? new TimeoutException("transient") : new ArgumentException("permanent");
            },
            shouldRetry: (e, n) => { asked.Add((e.GetType(), n)); return e is TimeoutException; }));

        Assert.Equal(3, calls);
        Assert.Equal([(typeof(TimeoutException), 1), (typeof(TimeoutException), 2), (typeof(ArgumentException), 3)], asked);
    }

    [Fact]
    public void OnRetry_gets_the_failed_attempt_its_exception_and_the_delay()
    {
        var retries = new List<(int Attempt, string Error, TimeSpan Delay)>();
        RetryPlan plan = Plan(3, TimeSpan.FromMilliseconds(20), RetryBackoff.Exponential);
        Assert.Throws<InvalidOperationException>(() => Run<int>(plan,
            (n, _) => throw new InvalidOperationException($"fail {n}"),
            onRetry: (n, e, delay) => retries.Add((n, e.Message, delay))));

        Assert.Equal(
            [
                (1, "fail 1", TimeSpan.FromMilliseconds(20)),
                (2, "fail 2", TimeSpan.FromMilliseconds(40)),
                (3, "fail 3", TimeSpan.FromMilliseconds(80)),
            ],
            retries);
    }

    [Fact]
    public void The_wait_between_attempts_is_actually_waited()
    {
        var times = new List<long>();
        var clock = Stopwatch.StartNew();
        Run(Plan(2, TimeSpan.FromMilliseconds(150)), (n, _) =>
        {
            times.Add(clock.ElapsedMilliseconds);
            if (n < 3) throw new InvalidOperationException();
            return 0;
        });

        Assert.Equal(3, times.Count);
        Assert.True(times[1] - times[0] >= 140, $"attempts 1 and 2 only {times[1] - times[0]} ms apart");
        Assert.True(times[2] - times[1] >= 140, $"attempts 2 and 3 only {times[2] - times[1]} ms apart");
    }

    [Fact]
    public void AttemptTimeout_stops_an_attempt_and_the_next_one_may_succeed()
    {
        RetryPlan plan = Plan(2);
        plan.AttemptTimeout = TimeSpan.FromMilliseconds(200);
        var retried = new List<Exception>();
        var clock = Stopwatch.StartNew();

        int result = Run(plan, (n, token) =>
            {
                if (n == 1)
                {
                    token.WaitHandle.WaitOne(TimeSpan.FromSeconds(20));
                    token.ThrowIfCancellationRequested();
                }

                return n;
            },
            shouldRetry: (e, _) => { retried.Add(e); return true; });

        Assert.Equal(2, result);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        AttemptTimedOutException timedOut = Assert.IsType<AttemptTimedOutException>(Assert.Single(retried));
        Assert.Equal(1, timedOut.Attempt);
    }

    [Fact]
    public void AttemptTimeout_on_the_last_attempt_surfaces_AttemptTimedOutException()
    {
        RetryPlan plan = Plan(1);
        plan.AttemptTimeout = TimeSpan.FromMilliseconds(150);
        int calls = 0;
        var clock = Stopwatch.StartNew();

        AttemptTimedOutException e = Assert.Throws<AttemptTimedOutException>(() => Run<int>(plan, (_, token) =>
        {
            calls++;
            token.WaitHandle.WaitOne(TimeSpan.FromSeconds(20));
            token.ThrowIfCancellationRequested();
            return 0;
        }));

        Assert.Equal(2, calls);
        Assert.Equal(2, e.Attempt);
        Assert.Equal(TimeSpan.FromMilliseconds(150), e.Timeout);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public void AttemptTimeout_without_retries_surfaces_AttemptTimedOutException_for_attempt_one()
    {
        RetryPlan plan = Plan(0);
        plan.AttemptTimeout = TimeSpan.FromMilliseconds(100);

        AttemptTimedOutException e = Assert.Throws<AttemptTimedOutException>(() => Run<int>(plan, (_, token) =>
        {
            token.WaitHandle.WaitOne(TimeSpan.FromSeconds(20));
            token.ThrowIfCancellationRequested();
            return 0;
        }));
        Assert.Equal(1, e.Attempt);
    }

    [Fact]
    public void Attempts_within_their_timeout_are_not_stopped()
    {
        RetryPlan plan = Plan(0);
        plan.AttemptTimeout = TimeSpan.FromSeconds(10);
        Assert.Equal(5, Run(plan, (_, token) =>
        {
            Thread.Sleep(50);
            Assert.False(token.IsCancellationRequested);
            return 5;
        }));
    }

    [Fact]
    public void Cancelling_during_a_long_retry_wait_ends_promptly()
    {
        using var cancel = new CancellationTokenSource();
        int calls = 0;
        var clock = Stopwatch.StartNew();
        cancel.CancelAfter(TimeSpan.FromMilliseconds(300));

        Assert.ThrowsAny<OperationCanceledException>(() => Run<int>(Plan(3, TimeSpan.FromSeconds(30)), (_, _) =>
        {
            calls++;
            throw new InvalidOperationException("down");
        }, cancel: cancel.Token));

        Assert.Equal(1, calls);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1.5), $"cancellation took {clock.Elapsed}");
    }

    [Fact]
    public void Cancelling_during_an_attempt_reaches_the_attempt_token()
    {
        using var cancel = new CancellationTokenSource();
        int calls = 0;
        var clock = Stopwatch.StartNew();
        cancel.CancelAfter(TimeSpan.FromMilliseconds(200));

        Assert.ThrowsAny<OperationCanceledException>(() => Run<int>(Plan(3), (_, token) =>
        {
            calls++;
            token.WaitHandle.WaitOne(TimeSpan.FromSeconds(20));
            token.ThrowIfCancellationRequested();
            return 0;
        }, cancel: cancel.Token));

        Assert.Equal(1, calls);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1.5), $"cancellation took {clock.Elapsed}");
    }

    [Fact]
    public void An_already_cancelled_token_runs_nothing()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        int calls = 0;
        Assert.ThrowsAny<OperationCanceledException>(() => Run(Plan(3), (_, _) => ++calls, cancel: cancel.Token));
        Assert.Equal(0, calls);
    }

    [Fact]
    public void A_circuit_opened_by_failures_refuses_the_next_call_without_running_it()
    {
        RetryPlan plan = Plan(0);
        plan.Circuit = new CircuitBreaker(NewCircuitName(), 2, TimeSpan.FromMinutes(5));
        int calls = 0;
        int Failing(int n, CancellationToken _)
        {
            calls++;
            throw new InvalidOperationException("service down");
        }

        Assert.Throws<InvalidOperationException>(() => Run<int>(plan, Failing));
        Assert.Throws<InvalidOperationException>(() => Run<int>(plan, Failing));
        Assert.Equal(2, calls);

        CircuitOpenException open = Assert.Throws<CircuitOpenException>(() => Run<int>(plan, Failing));
        Assert.Equal(2, calls);
        Assert.Equal(CircuitStatus.Open, open.State.State);
        Assert.Equal(2, open.State.ConsecutiveFailures);
        Assert.Equal("service down", open.State.LastFailure);
        Assert.Contains(plan.Circuit.Name, open.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_circuit_that_opens_during_retries_ends_them_without_another_call()
    {
        RetryPlan plan = Plan(10);
        plan.Circuit = new CircuitBreaker(NewCircuitName(), 3, TimeSpan.FromMinutes(5));
        int calls = 0;
        var retried = new List<int>();

        Assert.Throws<CircuitOpenException>(() => Run<int>(plan, (_, _) =>
            {
                calls++;
                throw new InvalidOperationException("down");
            },
            onRetry: (n, _, _) => retried.Add(n)));

        Assert.Equal(3, calls);
        Assert.Equal([1, 2, 3], retried);
    }

    [Fact]
    public void A_success_through_the_executor_resets_the_circuit()
    {
        RetryPlan plan = Plan(5);
        plan.Circuit = new CircuitBreaker(NewCircuitName(), 3, TimeSpan.FromMinutes(5));

        Assert.Equal(3, Run(plan, (n, _) => n < 3 ? throw new InvalidOperationException() : n));

        HeroCircuitState state = plan.Circuit.TryEnter().State;
        Assert.Equal(CircuitStatus.Closed, state.State);
        Assert.Equal(0, state.ConsecutiveFailures);
    }

    [Fact]
    public void A_timed_out_attempt_counts_as_a_circuit_failure()
    {
        RetryPlan plan = Plan(0);
        plan.AttemptTimeout = TimeSpan.FromMilliseconds(100);
        plan.Circuit = new CircuitBreaker(NewCircuitName(), 1, TimeSpan.FromMinutes(5));

        Assert.Throws<AttemptTimedOutException>(() => Run<int>(plan, (_, token) =>
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
        RetryPlan plan = Plan(0);
        plan.Circuit = new CircuitBreaker(NewCircuitName(), 1, TimeSpan.FromMilliseconds(800));
        Assert.Throws<InvalidOperationException>(() => Run<int>(plan, (_, _) => throw new InvalidOperationException()));
        Assert.Throws<CircuitOpenException>(() => Run(plan, (_, _) => 1));

        Thread.Sleep(1000);
        CircuitPermit? during = null;
        Assert.Equal(1, Run(plan, (_, _) =>
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
            RetryPlan plan = Plan(3);
            plan.Circuit = new CircuitBreaker(NewCircuitName(), 3, TimeSpan.FromMinutes(5), path);
            int calls = 0;
            var retried = new List<int>();

            CircuitStateException e = Assert.Throws<CircuitStateException>(() => Run(plan, (_, _) => ++calls, onRetry: (n, _, _) => retried.Add(n)));

            Assert.Equal(0, calls);
            Assert.Empty(retried);
            Assert.Contains(path, e.Message, StringComparison.Ordinal);
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }
}
