using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using Hero.Logging;
using Hero.Resilience;
using static Hero.Tests.Support.RetryHarness;

namespace Hero.Tests.Resilience;

/// <summary>RetryExecutor runs the attempts on the calling thread; the delegates here are real code
/// that fails, succeeds, or blocks on its token.</summary>
public sealed class RetryExecutorTests
{
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

        // The host is told of each wait too, to show it.
        Assert.Equal(retries.Select(r => (r.Attempt, r.Attempt + 1, 4, r.Error, r.Delay)),
            plan.Events.Waits.Select(w => (w.FailedAttempt, w.NextAttempt, w.MaxAttempts, w.Reason, w.Delay)));

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
}
