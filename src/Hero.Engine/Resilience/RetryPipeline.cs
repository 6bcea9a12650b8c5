using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Hero.Resilience;

/// <summary>The one Polly pipeline every Hero attempt runs through, for tasks and for PowerShell code:
/// the whole call's deadline outermost (it also bounds the waits), then the retries, then each
/// attempt's own deadline. Polly cancels; the attempt turns the cancellation into its own ending.
/// No Polly type leaves this class: callers see Hero delegates and <see cref="DeadlineExceededException"/>.</summary>
internal sealed class RetryPipeline<T>
{
    /// <summary>Judges attempt n (1-based) that just failed: its result, or the exception it threw.</summary>
    public delegate ValueTask<bool> ShouldRetry(T? result, Exception? error, int attempt);

    /// <summary>Told before the wait that follows failed attempt n (1-based).</summary>
    public delegate void BeforeRetry(T? result, Exception? error, int attempt, TimeSpan delay);

    // Without retries a pipeline holds only the two deadlines: build each pair once per process.
    private static readonly ConcurrentDictionary<(TimeSpan, TimeSpan), RetryPipeline<T>> DeadlinesOnly = new();

    private readonly ResiliencePipeline<T> _pipeline;

    private RetryPipeline(ResiliencePipeline<T> pipeline) => _pipeline = pipeline;

    /// <param name="total">Infinite: no deadline for the whole call.</param>
    /// <param name="perAttempt">Infinite: no deadline per attempt.</param>
    public static RetryPipeline<T> Build(TimeSpan total, TimeSpan perAttempt, RetryOptions retries, ShouldRetry? shouldRetry, BeforeRetry? beforeRetry)
    {
        if (retries.RetryCount == 0)
        {
            var key = (total, perAttempt);
            if (DeadlinesOnly.TryGetValue(key, out RetryPipeline<T>? cached)) return cached;
            var built = new RetryPipeline<T>(Assemble(total, null, perAttempt));
            if (DeadlinesOnly.Count < 64) DeadlinesOnly[key] = built;
            return built;
        }

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
        return new RetryPipeline<T>(Assemble(total, retry, perAttempt));
    }

    public async ValueTask<T> ExecuteAsync(Func<CancellationToken, ValueTask<T>> attempt, CancellationToken cancel)
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

    /// <summary>Runs the attempts on the calling thread (PowerShell code must run on the pipeline thread).</summary>
    public T Execute(Func<CancellationToken, T> attempt, CancellationToken cancel)
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

    private static ResiliencePipeline<T> Assemble(TimeSpan total, RetryStrategyOptions<T>? retry, TimeSpan perAttempt)
    {
        var builder = new ResiliencePipelineBuilder<T>();
        if (IsLimit(total))
        {
            builder.AddTimeout(new TimeoutStrategyOptions { TimeoutGenerator = _ => new ValueTask<TimeSpan>(total) });
        }

        if (retry is not null)
        {
            builder.AddRetry(retry);
        }

        if (IsLimit(perAttempt))
        {
            builder.AddTimeout(new TimeoutStrategyOptions { TimeoutGenerator = _ => new ValueTask<TimeSpan>(perAttempt) });
        }

        return builder.Build();
    }

    private static bool IsLimit(TimeSpan value) => value > TimeSpan.Zero && value != Timeout.InfiniteTimeSpan;
}
