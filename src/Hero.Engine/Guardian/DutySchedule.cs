using System;
using System.Threading;

namespace Hero.Guardian;

/// <summary>When a periodic duty is due: slot k at start + k·Every (slot 0 only with -RunNow), each
/// moved by its own draw from [-Jitter, +Jitter]. Slots are fixed to the start, so a slow run does not
/// push the later ones, and a machine that slept does not run every missed slot on waking: the schedule
/// goes on from the next one.</summary>
internal sealed class DutySchedule
{
    private static readonly ThreadLocal<Random> s_random = new(() => new Random(Guid.NewGuid().GetHashCode()));

    private readonly DateTime _start;
    private readonly TimeSpan _every;
    private readonly TimeSpan _jitter;
    private long _slot;

    public DutySchedule(DateTime start, TimeSpan every, TimeSpan jitter, bool runNow)
    {
        _start = start;
        _every = every;
        _jitter = jitter;
        _slot = runNow ? 0 : 1;
        Due = DueOf(_slot, runNow);
    }

    /// <summary>When the current slot is due.</summary>
    public DateTime Due { get; private set; }

    /// <summary>On to the next slot that is still ahead of <paramref name="now"/>: slots that passed
    /// while a run went on (or the machine slept) are not run late, one after another.</summary>
    public void Advance(DateTime now)
    {
        long next = _slot + 1;
        long ahead = (now - _start).Ticks / _every.Ticks + 1;
        _slot = Math.Max(next, ahead);
        Due = DueOf(_slot, immediate: false);
    }

    private DateTime DueOf(long slot, bool immediate)
    {
        DateTime due = _start + TimeSpan.FromTicks(_every.Ticks * slot);
        if (immediate || _jitter <= TimeSpan.Zero) return due;
        double offset = (s_random.Value!.NextDouble() * 2 - 1) * _jitter.Ticks;
        return due + TimeSpan.FromTicks((long)offset);
    }
}
