using System;
using System.Threading;
using Hero.Processes;

namespace Hero.Tasks;

/// <summary>Samples the tree's resident memory a few times early and then every two seconds, so a
/// task's peak is known even when the kernel's own accounting cannot be trusted. A task that ends
/// before the first sample costs nothing.</summary>
internal sealed class ResourceSampler : IDisposable
{
    private static readonly TimeSpan[] EarlySchedule =
        [TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1)];

    private static readonly TimeSpan SteadyInterval = TimeSpan.FromSeconds(2);

    private readonly IChildProcess _child;
    private readonly Timer _timer;
    private int _step;
    private long _peak = -1;
    private int _disposed;

    public ResourceSampler(IChildProcess child)
    {
        _child = child;
        _timer = new Timer(_ => Tick(), null, EarlySchedule[0], Timeout.InfiniteTimeSpan);
    }

    /// <summary>Largest tree resident size seen, or null when never sampled.</summary>
    public long? PeakResidentBytes => Interlocked.Read(ref _peak) is long peak and >= 0 ? peak : null;

    public void Record(TreeSample? sample)
    {
        if (sample is null || sample.ProcessCount == 0) return;
        long current;
        while ((current = Interlocked.Read(ref _peak)) < sample.ResidentBytes)
        {
            if (Interlocked.CompareExchange(ref _peak, sample.ResidentBytes, current) == current) break;
        }
    }

    private void Tick()
    {
        if (Volatile.Read(ref _disposed) != 0) return;
        try
        {
            Record(_child.SampleTree());
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Sampling is best effort.
        }

        int step = Interlocked.Increment(ref _step);
        TimeSpan next = step < EarlySchedule.Length ? EarlySchedule[step] - EarlySchedule[step - 1] : SteadyInterval;
        try
        {
            _timer.Change(next, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public void Dispose()
    {
        Interlocked.Exchange(ref _disposed, 1);
        _timer.Dispose();
    }
}
