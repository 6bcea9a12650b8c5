using System;
using System.Threading;
using Hero.Text;

namespace Hero.Resilience;

/// <summary>The waits between attempts. Nominal delay for retry n (0-based): Exponential d·2ⁿ,
/// Linear d·(n+1), Constant d; never above the cap. With jitter the wait is drawn uniformly from
/// [½·nominal, nominal] ("equal jitter"): callers that fail together spread out, and no wait is
/// ever longer than the nominal one or shorter than half of it.</summary>
public sealed class RetrySchedule
{
    private static readonly ThreadLocal<Random> s_random = new(() => new Random(Guid.NewGuid().GetHashCode()));

    public RetrySchedule(TimeSpan delay, TimeSpan maxDelay, RetryBackoff backoff, bool jitter)
    {
        Delay = delay;
        MaxDelay = maxDelay <= TimeSpan.Zero || maxDelay == Timeout.InfiniteTimeSpan ? TimeSpan.MaxValue : maxDelay;
        Backoff = backoff;
        Jitter = jitter;
    }

    public TimeSpan Delay { get; }

    public TimeSpan MaxDelay { get; }

    public RetryBackoff Backoff { get; }

    public bool Jitter { get; }

    public TimeSpan Nominal(int retryIndex)
    {
        double factor = Backoff switch
        {
            RetryBackoff.Exponential => Math.Pow(2, Math.Min(retryIndex, 62)),
            RetryBackoff.Linear => (double)retryIndex + 1,
            _ => 1,
        };
        double ticks = Delay.Ticks * factor;
        return ticks >= MaxDelay.Ticks ? MaxDelay : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>The wait before retry n, as handed to a timer: an uncapped backoff outgrows the
    /// longest wait a timer takes after about 32 doublings of a second, and waits that long instead.</summary>
    public TimeSpan Next(int retryIndex)
    {
        TimeSpan nominal = Nominal(retryIndex);
        if (Jitter && nominal > TimeSpan.Zero)
        {
            double share = 0.5 + 0.5 * s_random.Value!.NextDouble();
            nominal = TimeSpan.FromTicks((long)(nominal.Ticks * share));
        }

        return nominal > DurationParser.MaxWait ? DurationParser.MaxWait : nominal;
    }
}
