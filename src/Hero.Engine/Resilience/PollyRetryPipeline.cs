using System;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Hero.Resilience;

/// <summary>The retry pipeline of a call with retries, on Polly: the whole call's deadline
/// outermost, then the retries, then each attempt's deadline. Polly cancels; the attempt turns the
/// cancellation into its own ending. The only Hero code that names a Polly type: nothing else
/// mentions one, so a call without retries never loads Polly.</summary>
internal sealed class PollyRetryPipeline<T> : RetryPipeline<T>
{
    private readonly ResiliencePipeline<T> _pipeline;

    private PollyRetryPipeline(ResiliencePipeline<T> pipeline) => _pipeline = pipeline;

    /// <summary>Called by <see cref="RetryPipeline{T}.Build"/> only; never inlined there, because
    /// compiling a method that names Polly's types loads Polly.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static RetryPipeline<T> Create(TimeSpan total, TimeSpan perAttempt, RetryOptions retries, ShouldRetry? shouldRetry, BeforeRetry? beforeRetry)
    {
        RetrySchedule schedule = retries.Schedule();
        var retry = new RetryStrategyOptions<T>
        {
            MaxRetryAttempts = retries.RetryCount,
            // Polly asks after the last attempt too: a judge (-RetryIf) must not run for nothing.
            ShouldHandle = args => args.AttemptNumber < retries.RetryCount && shouldRetry is not null
                ? Judge(shouldRetry, args.Outcome, args.AttemptNumber + 1)
                : new ValueTask<bool>(false),
            DelayGenerator = args => new ValueTask<TimeSpan?>(schedule.Next(args.AttemptNumber)),
            OnRetry = args =>
            {
                beforeRetry?.Invoke(args.Outcome.Result, Translate(args.Outcome.Exception), args.AttemptNumber + 1, args.RetryDelay);
                return default;
            },
        };
        return new PollyRetryPipeline<T>(Assemble(total, retry, perAttempt));
    }

    public override async ValueTask<T> ExecuteAsync(Func<CancellationToken, ValueTask<T>> attempt, CancellationToken cancel)
    {
        try
        {
            return await _pipeline.ExecuteAsync(token => attempt(token), cancel).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException e)
        {
            throw new DeadlineExceededException(e.Timeout, e);
        }
    }

    public override T Execute(Func<CancellationToken, T> attempt, CancellationToken cancel)
    {
        try
        {
            return _pipeline.Execute(token => attempt(token), cancel);
        }
        catch (TimeoutRejectedException e)
        {
            throw new DeadlineExceededException(e.Timeout, e);
        }
    }

    private static async ValueTask<bool> Judge(ShouldRetry shouldRetry, Outcome<T> outcome, int attempt)
    {
        try
        {
            return await shouldRetry(outcome.Result, Translate(outcome.Exception), attempt).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException and not RetryDecisionException)
        {
            throw new RetryDecisionException($"-RetryIf failed while judging attempt {attempt}: {e.Message}", e);
        }
    }

    private static Exception? Translate(Exception? error) =>
        error is TimeoutRejectedException timeout ? new DeadlineExceededException(timeout.Timeout, timeout) : error;

    private static ResiliencePipeline<T> Assemble(TimeSpan total, RetryStrategyOptions<T> retry, TimeSpan perAttempt)
    {
        var builder = new ResiliencePipelineBuilder<T>();
        if (IsLimit(total))
        {
            builder.AddTimeout(new TimeoutStrategyOptions { TimeoutGenerator = _ => new ValueTask<TimeSpan>(total) });
        }

        builder.AddRetry(retry);

        if (IsLimit(perAttempt))
        {
            builder.AddTimeout(new TimeoutStrategyOptions { TimeoutGenerator = _ => new ValueTask<TimeSpan>(perAttempt) });
        }

        return builder.Build();
    }
}
