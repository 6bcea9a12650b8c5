using System;
using System.Threading;
using System.Threading.Tasks;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Hero.Resilience;

/// <summary>Runs code with retries on the calling thread (PowerShell code must run on the pipeline
/// thread): a Polly pipeline of retry around a per-attempt timeout, with the circuit breaker
/// checked before and told after every attempt. Waits between attempts are cancellable.</summary>
public static class RetryExecutor
{
    /// <param name="attempt">Runs attempt n (1-based); must stop promptly when its token is cancelled
    /// and then throw OperationCanceledException.</param>
    /// <param name="shouldRetry">Asked after each failed attempt that could be retried.</param>
    /// <exception cref="CircuitOpenException">The circuit refused the call.</exception>
    /// <exception cref="AttemptTimedOutException">The last attempt timed out.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancel"/> fired.</exception>
    public static T Execute<T>(
        RetryPlan plan,
        Func<int, CancellationToken, T> attempt,
        Func<Exception, int, bool> shouldRetry,
        Action<int, Exception, TimeSpan>? onRetry,
        CancellationToken cancel)
    {
        int attempts = 0;
        ResiliencePipeline pipeline = Build(plan, shouldRetry, onRetry, () => attempts);
        try
        {
            return pipeline.Execute(token =>
            {
                attempts++;
                return RunGuarded(plan, attempts, token, cancel, attempt);
            }, cancel);
        }
        catch (TimeoutRejectedException e)
        {
            throw new AttemptTimedOutException(attempts, plan.AttemptTimeout, e);
        }
    }

    private static T RunGuarded<T>(RetryPlan plan, int number, CancellationToken token, CancellationToken cancel, Func<int, CancellationToken, T> attempt)
    {
        if (plan.Circuit is { } circuit)
        {
            CircuitPermit permit = circuit.TryEnter();
            if (!permit.Allowed)
            {
                throw new CircuitOpenException(permit.State);
            }
        }

        try
        {
            T result = attempt(number, token);
            plan.Circuit?.RecordSuccess();
            return result;
        }
        catch (Exception e) when (!cancel.IsCancellationRequested && e is not CircuitOpenException)
        {
            string message = e is OperationCanceledException ? $"Attempt {number} timed out." : e.Message;
            plan.Circuit?.RecordFailure(message);
            throw;
        }
    }

    private static ResiliencePipeline Build(RetryPlan plan, Func<Exception, int, bool> shouldRetry, Action<int, Exception, TimeSpan>? onRetry, Func<int> attempts)
    {
        var builder = new ResiliencePipelineBuilder();
        if (plan.RetryCount > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = plan.RetryCount,
                ShouldHandle = args => new ValueTask<bool>(
                    args.AttemptNumber < plan.RetryCount
                    && args.Outcome.Exception is { } e && e is not CircuitOpenException && e is not CircuitStateException && e is not OperationCanceledException
                    && shouldRetry(Unwrap(e, plan, attempts()), attempts())),
                DelayGenerator = args => new ValueTask<TimeSpan?>(plan.Schedule.Next(args.AttemptNumber)),
                OnRetry = args =>
                {
                    onRetry?.Invoke(args.AttemptNumber + 1, Unwrap(args.Outcome.Exception!, plan, attempts()), args.RetryDelay);
                    return default;
                },
            });
        }

        TimeSpan perAttempt = plan.AttemptTimeout;
        if (perAttempt > TimeSpan.Zero && perAttempt != Timeout.InfiniteTimeSpan)
        {
            builder.AddTimeout(new TimeoutStrategyOptions { TimeoutGenerator = _ => new ValueTask<TimeSpan>(perAttempt) });
        }

        return builder.Build();
    }

    private static Exception Unwrap(Exception e, RetryPlan plan, int attempt) =>
        e is TimeoutRejectedException ? new AttemptTimedOutException(attempt, plan.AttemptTimeout, e) : e;
}
