using System;
using System.Threading;
using System.Threading.Tasks;

namespace Hero.Threading;

/// <summary>Bounded waits that leave no timer behind: the delay is cancelled as soon as the awaited
/// task wins, so nothing outlives the cmdlet call.</summary>
internal static class TaskWaits
{
    public static async Task<bool> CompletesWithin(this Task task, TimeSpan timeout)
    {
        if (task.IsCompleted) return true;
        if (timeout <= TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan) return false;

        using var delayEnd = new CancellationTokenSource();
        Task delay = Task.Delay(timeout, delayEnd.Token);
        Task first = await Task.WhenAny(task, delay).ConfigureAwait(false);
        delayEnd.Cancel();
        return first == task;
    }
}
