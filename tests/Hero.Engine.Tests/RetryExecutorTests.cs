using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Linq;
using Hero.Logging;
using Hero.Resilience;

namespace Hero.Tests;

/// <summary>RetryExecutor runs the attempts on the calling thread; the delegates here are real code
/// that fails, succeeds, or blocks on its token. Its retry events are read back from what it tells
/// its observer.</summary>
public sealed class RetryExecutorTests
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(10);

    private sealed class Plan(int retries, TimeSpan? delay = null, RetryBackoff backoff = RetryBackoff.Constant)
    {
        public RetryOptions Retries { get; } = new() { RetryCount = retries, Delay = delay ?? Short, MaxDelay = TimeSpan.Zero, Backoff = backoff, Jitter = false };

        public TimeSpan AttemptTimeout { get; set; } = Timeout.InfiniteTimeSpan;

        public CircuitBreaker? Circuit { get; set; }

        public RecordingObserver Events { get; } = new();

        public RetryCall Call() => new("test", Retries, Events) { AttemptTimeout = AttemptTimeout, Circuit = Circuit };
    }

    private sealed class RecordingObserver : ILogObserver
    {
        public List<HeroLogRecord> Records { get; } = [];

        public bool Wants(HeroLogLevel level) => true;

        public void OnLog(HeroLogRecord record) => Records.Add(record);

        /// <summary>The "retrying in" events: (failed attempt, its error, the wait).</summary>
        public List<(int Attempt, string Error, TimeSpan Delay)> Retries() =>
            Records.Where(r => r.MessageTemplate.Contains("retrying in", StringComparison.Ordinal))
                .Select(r => (Convert.ToInt32(r.Properties["Attempt"]), (string)r.Properties["Error"]!, TimeSpan.FromMilliseconds(Convert.ToInt64(r.Properties["DelayMs"]))))
                .ToList();
    }

    private static RetryOutcome<T> Run<T>(Plan plan, Func<int, CancellationToken, T> attempt,
        Func<Exception, int, bool>? shouldRetry = null, CancellationToken cancel = default) =>
        RetryExecutor.Execute(plan.Call(), attempt, shouldRetry, cancel);

    private static T Value<T>(RetryOutcome<T> outcome)
    {
        Assert.True(outcome.Succeeded, $"{outcome.Status}: {outcome.Message}");
        return outcome.Value!;
    }

    /// <summary>The call failed with its last attempt's exception, of this type.</summary>
    private static TException Failure<TException, T>(RetryOutcome<T> outcome, RetryStatus status = RetryStatus.Failed)
        where TException : Exception
    {
        Assert.Equal(status, outcome.Status);
        return Assert.IsType<TException>(outcome.Error);
    }

    private static CircuitOpenException Refused<T>(RetryOutcome<T> outcome) => Failure<CircuitOpenException, T>(outcome, RetryStatus.CircuitOpen);

    private static T RunValue<T>(Plan plan, Func<int, CancellationToken, T> attempt, Func<Exception, int, bool>? shouldRetry = null) =>
        Value(Run(plan, attempt, shouldRetry));

    private static string NewCircuitName() => "exec-" + Guid.NewGuid().ToString("N");

    [Fact]
    public void Returns_the_value_of_the_first_attempt_when_it_succeeds()
    {
        var seen = new List<int>();
        int result = RunValue(new Plan(3), (n, _) => { seen.Add(n); return 7; });

        Assert.Equal(7, result);
        Assert.Equal([1], seen);
    }

    [Fact]
    public void Returns_the_value_of_the_first_successful_attempt()
    {
        var seen = new List<int>();
        string result = RunValue(new Plan(5), (n, _) =>
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
        InvalidOperationException e = Failure<InvalidOperationException, int>(Run<int>(new Plan(retries), (n, _) =>
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
        Failure<FormatException, int>(Run<int>(new Plan(5), (n, _) =>
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
        Failure<ArgumentException, int>(Run<int>(new Plan(5), (n, _) =>
            {
                calls++;
                throw n < 3 ? new TimeoutException("transient") : new ArgumentException("permanent");
            },
            shouldRetry: (e, n) => { asked.Add((e.GetType(), n)); return e is TimeoutException; }));

        Assert.Equal(3, calls);
        Assert.Equal([(typeof(TimeoutException), 1), (typeof(TimeoutException), 2), (typeof(ArgumentException), 3)], asked);
    }

    [Fact]
    public void Each_retry_is_logged_with_the_failed_attempt_its_error_and_the_delay()
    {
        var plan = new Plan(3, TimeSpan.FromMilliseconds(20), RetryBackoff.Exponential);
        Failure<InvalidOperationException, int>(Run<int>(plan,
            (n, _) => throw new InvalidOperationException($"fail {n}")));
        List<(int Attempt, string Error, TimeSpan Delay)> retries = plan.Events.Retries();

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
        RunValue(new Plan(2, TimeSpan.FromMilliseconds(150)), (n, _) =>
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
        var plan = new Plan(2);
        plan.AttemptTimeout = TimeSpan.FromMilliseconds(200);
        var retried = new List<Exception>();
        var clock = Stopwatch.StartNew();

        int result = RunValue(plan, (n, token) =>
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
        var plan = new Plan(1);
        plan.AttemptTimeout = TimeSpan.FromMilliseconds(150);
        int calls = 0;
        var clock = Stopwatch.StartNew();

        AttemptTimedOutException e = Failure<AttemptTimedOutException, int>(Run<int>(plan, (_, token) =>
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
        var plan = new Plan(0);
        plan.AttemptTimeout = TimeSpan.FromMilliseconds(100);

        AttemptTimedOutException e = Failure<AttemptTimedOutException, int>(Run<int>(plan, (_, token) =>
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
        var plan = new Plan(0);
        plan.AttemptTimeout = TimeSpan.FromSeconds(10);
        Assert.Equal(5, RunValue(plan, (_, token) =>
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

        Assert.ThrowsAny<OperationCanceledException>(() => Run<int>(new Plan(3, TimeSpan.FromSeconds(30)), (_, _) =>
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

        Assert.ThrowsAny<OperationCanceledException>(() => Run<int>(new Plan(3), (_, token) =>
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
        Assert.ThrowsAny<OperationCanceledException>(() => Run(new Plan(3), (_, _) => ++calls, cancel: cancel.Token));
        Assert.Equal(0, calls);
    }

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
    public void The_outcome_counts_attempts_keeps_the_clock_and_says_what_failed()
    {
        var plan = new Plan(2, TimeSpan.FromMilliseconds(50));
        RetryOutcome<int> outcome = Run<int>(plan, (n, _) => throw new InvalidOperationException($"fail {n}"));

        Assert.Equal(RetryStatus.Failed, outcome.Status);
        Assert.Equal(3, outcome.Attempts);
        Assert.True(outcome.Elapsed >= TimeSpan.FromMilliseconds(90), $"elapsed {outcome.Elapsed}");
        Assert.StartsWith("'test' failed after 3 attempt(s) in ", outcome.Message, StringComparison.Ordinal);
        Assert.EndsWith(": fail 3", outcome.Message, StringComparison.Ordinal);
        HeroLogRecord last = plan.Events.Records[^1];
        Assert.Equal(HeroLogLevel.Error, last.Level);
        Assert.True(last.HostReported);
        Assert.Equal(3, Convert.ToInt32(last.Properties["Attempts"]));
    }

    [Fact]
    public void A_success_after_retries_is_logged_with_its_attempt()
    {
        var plan = new Plan(3);
        Assert.Equal(2, RunValue(plan, (n, _) => n < 2 ? throw new InvalidOperationException() : n));

        HeroLogRecord last = plan.Events.Records[^1];
        Assert.Contains("succeeded on attempt", last.MessageTemplate, StringComparison.Ordinal);
        Assert.Equal(2, Convert.ToInt32(last.Properties["Attempt"]));
    }

    [Fact]
    public void A_judge_that_throws_ends_the_call_as_a_failed_decision()
    {
        int calls = 0;
        RetryOutcome<int> outcome = Run<int>(new Plan(5), (_, _) =>
            {
                calls++;
                throw new InvalidOperationException("down");
            },
            shouldRetry: (_, _) => throw new FormatException("judge broke"));

        RetryDecisionException e = Failure<RetryDecisionException, int>(outcome, RetryStatus.DecisionFailed);
        Assert.Equal(1, calls);
        Assert.Contains("judge broke", e.Message, StringComparison.Ordinal);
        Assert.IsType<FormatException>(e.InnerException);
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
