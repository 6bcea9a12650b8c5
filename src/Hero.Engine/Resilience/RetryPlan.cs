using System;
using System.Threading;

namespace Hero.Resilience;

/// <summary>How Invoke-HeroRetry retries a piece of code.</summary>
public sealed class RetryPlan
{
    public int RetryCount { get; set; } = 3;

    public RetrySchedule Schedule { get; set; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), RetryBackoff.Exponential, jitter: true);

    public TimeSpan AttemptTimeout { get; set; } = Timeout.InfiniteTimeSpan;

    public CircuitBreaker? Circuit { get; set; }
}
