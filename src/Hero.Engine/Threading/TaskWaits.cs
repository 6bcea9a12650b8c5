using System;
using System.Threading;
using System.Threading.Tasks;

namespace Hero.Threading;

/// <summary>Bounded waits that leave no timer behind: the delay is cancelled as soon as the awaited
/// task wins, so nothing outlives the cmdlet call.</summary>
internal static class TaskWaits
{
    public static async Task<bool> CompletesWithin(this Task task, TimeSpan timeout, CancellationToken cancel = default)
    {
        if (task.IsCompleted) return true;
        if (timeout <= TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan) return false;

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        Task delay = Task.Delay(timeout, linked.Token);
        Task first = await Task.WhenAny(task, delay).ConfigureAwait(false);
        linked.Cancel();
        return first == task;
    }

    /// <summary>A delay that ends early (without throwing) when <paramref name="cancel"/> fires.</summary>
    public static async Task<bool> DelayUnlessCancelled(TimeSpan delay, CancellationToken cancel)
    {
        if (delay <= TimeSpan.Zero) return !cancel.IsCancellationRequested;
        try
        {
            await Task.Delay(delay, cancel).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
