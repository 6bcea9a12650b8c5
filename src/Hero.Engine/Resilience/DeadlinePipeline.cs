using System;
using System.Threading;
using System.Threading.Tasks;

namespace Hero.Resilience;

/// <summary>The deadlines of a call without retries, kept by the rules of Polly's timeout strategy so
/// that a call behaves the same with retries as without: each deadline is a token source linked to the
/// token outside it and cancelled after its time; an attempt that throws OperationCanceledException
/// because a deadline fired (and not the token outside it) is a <see cref="DeadlineExceededException"/>
/// for that deadline; an attempt that returns after its deadline fired returns what it made of it (a
/// task attempt's TimedOut outcome). No Polly type is touched, so Polly is never loaded for it.</summary>
internal sealed class DeadlinePipeline<T>(TimeSpan total, TimeSpan perAttempt) : RetryPipeline<T>
{
    public override async ValueTask<T> ExecuteAsync(Func<CancellationToken, ValueTask<T>> attempt, CancellationToken cancel)
    {
        if (!IsLimit(total) && !IsLimit(perAttempt))
        {
            return await attempt(cancel).ConfigureAwait(false);
        }

        // As a Polly pipeline with a strategy in it: a call cancelled before it starts runs nothing.
        cancel.ThrowIfCancellationRequested();
        return await WithDeadlineAsync(total, cancel, token => WithDeadlineAsync(perAttempt, token, attempt)).ConfigureAwait(false);
    }

    public override T Execute(Func<CancellationToken, T> attempt, CancellationToken cancel)
    {
        if (!IsLimit(total) && !IsLimit(perAttempt))
        {
            return attempt(cancel);
        }

        cancel.ThrowIfCancellationRequested();
        return WithDeadline(total, cancel, token => WithDeadline(perAttempt, token, attempt));
    }

    private static async ValueTask<T> WithDeadlineAsync(TimeSpan limit, CancellationToken outer, Func<CancellationToken, ValueTask<T>> inner)
    {
        if (!IsLimit(limit))
        {
            return await inner(outer).ConfigureAwait(false);
        }

        using CancellationTokenSource deadline = CancellationTokenSource.CreateLinkedTokenSource(outer);
        deadline.CancelAfter(limit);
        try
        {
            return await inner(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (deadline.IsCancellationRequested && !outer.IsCancellationRequested)
        {
            throw new DeadlineExceededException(limit, e);
        }
        catch (OperationCanceledException e) when (outer.IsCancellationRequested && e.CancellationToken != outer)
        {
            throw FromOutside(e, outer);
        }
    }

    private static T WithDeadline(TimeSpan limit, CancellationToken outer, Func<CancellationToken, T> inner)
    {
        if (!IsLimit(limit))
        {
            return inner(outer);
        }

        using CancellationTokenSource deadline = CancellationTokenSource.CreateLinkedTokenSource(outer);
        deadline.CancelAfter(limit);
        try
        {
            return inner(deadline.Token);
        }
        catch (OperationCanceledException e) when (deadline.IsCancellationRequested && !outer.IsCancellationRequested)
        {
            throw new DeadlineExceededException(limit, e);
        }
        catch (OperationCanceledException e) when (outer.IsCancellationRequested && e.CancellationToken != outer)
        {
            throw FromOutside(e, outer);
        }
    }

    /// <summary>As Polly's timeout strategy reports it: a cancellation from outside carries the
    /// outside token, with what the attempt threw inside it.</summary>
    private static OperationCanceledException FromOutside(OperationCanceledException e, CancellationToken outer) =>
        new(e.Message, e, outer);
}
