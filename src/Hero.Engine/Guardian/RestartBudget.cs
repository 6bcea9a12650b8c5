using System;
using System.Collections.Generic;
using Hero.Resilience;

namespace Hero.Guardian;

/// <summary>The restart curve and the restart budget of a kept-alive command. The wait before restart
/// n (0-based, counted since the last reset) is Hero's retry backoff (<see cref="RetrySchedule"/>):
/// nominally -RestartDelay·2ⁿ, never more than -MaxRestartDelay, drawn uniformly from [½·nominal,
/// nominal] ("equal jitter") so guardians that crash together do not restart together. A child that ran
/// for -ResetAfter before it ended starts the curve again from the first delay. More than -MaxRestarts
/// restarts within the sliding -RestartWindow is Fatal: unlike pm2's or supervisord's start counts, every
/// restart counts, however long the child ran, so a crash loop of slow crashes ends too.</summary>
internal sealed class RestartBudget
{
    private readonly RetrySchedule _schedule;
    private readonly TimeSpan _resetAfter;
    private readonly int _maxRestarts;
    private readonly TimeSpan _window;
    private readonly Queue<DateTime> _recent = new();
    private int _step;

    public RestartBudget(TimeSpan delay, TimeSpan maxDelay, TimeSpan resetAfter, int maxRestarts, TimeSpan window, bool jitter = true)
    {
        _schedule = new RetrySchedule(delay, maxDelay, RetryBackoff.Exponential, jitter);
        _resetAfter = resetAfter;
        _maxRestarts = maxRestarts;
        _window = window;
    }

    /// <summary>Where on the curve the next restart is (0: the first delay).</summary>
    public int Step => _step;

    /// <summary>The nominal (largest) wait before restart <paramref name="step"/>.</summary>
    public TimeSpan Nominal(int step) => _schedule.Nominal(step);

    /// <summary>Restarts counted in the window ending at <paramref name="now"/>.</summary>
    public int InWindow(DateTime now)
    {
        Prune(now);
        return _recent.Count;
    }

    /// <summary>The child ended after running <paramref name="uptime"/>: the wait before it starts
    /// again, or null when the budget is spent (the guardian is then Fatal).</summary>
    public TimeSpan? Next(TimeSpan uptime, DateTime now)
    {
        if (_resetAfter > TimeSpan.Zero && uptime >= _resetAfter) _step = 0;
        Prune(now);
        if (_recent.Count >= _maxRestarts) return null;
        TimeSpan wait = _schedule.Next(_step);
        _step++;
        _recent.Enqueue(now);
        return wait;
    }

    /// <summary>A restart on request starts the curve again and does not count.</summary>
    public void Reset() => _step = 0;

    private void Prune(DateTime now)
    {
        if (_window <= TimeSpan.Zero || _window == System.Threading.Timeout.InfiniteTimeSpan) return;
        while (_recent.Count > 0 && now - _recent.Peek() >= _window) _recent.Dequeue();
    }
}
