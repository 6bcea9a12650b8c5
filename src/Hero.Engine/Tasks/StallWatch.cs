using System;
using System.Threading;
using Hero.Output;

namespace Hero.Tasks;

/// <summary>Fires once when no output byte arrived for the stall timeout. A single timer is armed for
/// the earliest moment a stall could be true and re-armed for the remainder when output came in the
/// meantime: no polling, one wake-up per quiet period.</summary>
internal sealed class StallWatch : IDisposable
{
    private readonly OutputCapture _capture;
    private readonly TimeSpan _limit;
    private readonly Action _onStall;
    private readonly Timer _timer;
    private int _disposed;

    public StallWatch(OutputCapture capture, TimeSpan limit, Action onStall)
    {
        _capture = capture;
        _limit = limit;
        _onStall = onStall;
        _timer = new Timer(_ => Check(), null, limit, Timeout.InfiniteTimeSpan);
    }

    private void Check()
    {
        if (Volatile.Read(ref _disposed) != 0) return;
        TimeSpan idle = _capture.IdleTime;
        if (idle >= _limit)
        {
            _onStall();
            return;
        }

        try
        {
            _timer.Change(_limit - idle, Timeout.InfiniteTimeSpan);
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
