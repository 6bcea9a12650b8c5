using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Hero.Logging;
using Hero.Resilience;

namespace Hero.Tests.Support;

/// <summary>Runs code through RetryExecutor with a plan of retries, deadlines and a circuit, and
/// reads back what it told its observer.</summary>
internal static class RetryHarness
{
    internal static readonly TimeSpan Short = TimeSpan.FromMilliseconds(10);

    internal sealed class Plan(int retries, TimeSpan? delay = null, RetryBackoff backoff = RetryBackoff.Constant)
    {
        public RetryOptions Retries { get; } = new() { RetryCount = retries, Delay = delay ?? Short, MaxDelay = TimeSpan.Zero, Backoff = backoff, Jitter = false };

        public TimeSpan AttemptTimeout { get; set; } = Timeout.InfiniteTimeSpan;

        public CircuitBreaker? Circuit { get; set; }

        public RecordingObserver Events { get; } = new();

        public RetryCall Call() => new("test", Retries, Events) { AttemptTimeout = AttemptTimeout, Circuit = Circuit };
    }

    internal sealed class RecordingObserver : IRetryObserver
    {
        public List<HeroLogRecord> Records { get; } = [];

        public List<RetryWait> Waits { get; } = [];

        public bool Wants(HeroLogLevel level) => true;

        public void OnLog(HeroLogRecord record) => Records.Add(record);

        public void OnRetryWait(RetryWait wait) => Waits.Add(wait);

        /// <summary>The "retrying in" events: (failed attempt, its error, the wait).</summary>
        public List<(int Attempt, string Error, TimeSpan Delay)> Retries() =>
            Records.Where(r => r.MessageTemplate.Contains("retrying in", StringComparison.Ordinal))
                .Select(r => (Convert.ToInt32(r.Properties["Attempt"]), (string)r.Properties["Error"]!, TimeSpan.FromMilliseconds(Convert.ToInt64(r.Properties["DelayMs"]))))
                .ToList();
    }

    internal static RetryOutcome<T> Run<T>(Plan plan, Func<int, CancellationToken, T> attempt,
        Func<Exception, int, bool>? shouldRetry = null, CancellationToken cancel = default) =>
        RetryExecutor.Execute(plan.Call(), attempt, shouldRetry, cancel);

    internal static T Value<T>(RetryOutcome<T> outcome)
    {
        Assert.True(outcome.Succeeded, $"{outcome.Status}: {outcome.Message}");
        return outcome.Value!;
    }

    /// <summary>The call failed with its last attempt's exception, of this type.</summary>
    internal static TException Failure<TException, T>(RetryOutcome<T> outcome, RetryStatus status = RetryStatus.Failed)
        where TException : Exception
    {
        Assert.Equal(status, outcome.Status);
        return Assert.IsType<TException>(outcome.Error);
    }

    internal static CircuitOpenException Refused<T>(RetryOutcome<T> outcome) => Failure<CircuitOpenException, T>(outcome, RetryStatus.CircuitOpen);

    internal static T RunValue<T>(Plan plan, Func<int, CancellationToken, T> attempt, Func<Exception, int, bool>? shouldRetry = null) =>
        Value(Run(plan, attempt, shouldRetry));

    internal static string NewCircuitName() => "exec-" + Guid.NewGuid().ToString("N");
}
