using System;
using System.Threading;
using System.Threading.Tasks;

namespace Hero.Resilience;

/// <summary>The one retry pipeline every Hero attempt runs through, for tasks and for PowerShell code:
/// the whole call's deadline outermost (it also bounds the waits), then the retries, then each
/// attempt's own deadline. A deadline cancels; the attempt turns the cancellation into its own ending.
/// A call with retries runs on Polly (<see cref="PollyRetryPipeline{T}"/>); a call without needs only
/// its deadlines (<see cref="DeadlinePipeline{T}"/>), which keep Polly's timeout rules without loading
/// Polly, so a plain task never pays for it. Callers see Hero delegates and
/// <see cref="DeadlineExceededException"/>, never a Polly type.</summary>
internal abstract class RetryPipeline<T>
{
    /// <summary>Judges attempt n (1-based) that just failed: its result, or the exception it threw.</summary>
    public delegate ValueTask<bool> ShouldRetry(T? result, Exception? error, int attempt);

    /// <summary>Told before the wait that follows failed attempt n (1-based).</summary>
    public delegate void BeforeRetry(T? result, Exception? error, int attempt, TimeSpan delay);

    /// <param name="total">Infinite: no deadline for the whole call.</param>
    /// <param name="perAttempt">Infinite: no deadline per attempt.</param>
    public static RetryPipeline<T> Build(TimeSpan total, TimeSpan perAttempt, RetryOptions retries, ShouldRetry? shouldRetry, BeforeRetry? beforeRetry) =>
        retries.RetryCount == 0
            ? new DeadlinePipeline<T>(total, perAttempt)
            : PollyRetryPipeline<T>.Create(total, perAttempt, retries, shouldRetry, beforeRetry);

    public abstract ValueTask<T> ExecuteAsync(Func<CancellationToken, ValueTask<T>> attempt, CancellationToken cancel);

    /// <summary>Runs the attempts on the calling thread (PowerShell code must run on the pipeline thread).</summary>
    public abstract T Execute(Func<CancellationToken, T> attempt, CancellationToken cancel);

    protected static bool IsLimit(TimeSpan value) => value > TimeSpan.Zero && value != Timeout.InfiniteTimeSpan;
}
