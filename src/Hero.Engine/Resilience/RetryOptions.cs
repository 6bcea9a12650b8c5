using System;
using System.Threading;

namespace Hero.Resilience;

/// <summary>How failed attempts are retried, for tasks and for PowerShell code alike. The one place
/// that owns the retry defaults: every cmdlet parameter and every definition starts from these.</summary>
public sealed record RetryOptions
{
    /// <summary>A task runs once unless told otherwise.</summary>
    public const int DefaultTaskRetryCount = 0;

    /// <summary>Invoke-HeroRetry exists to retry: three more tries unless told otherwise.</summary>
    public const int DefaultCodeRetryCount = 3;

    public static readonly TimeSpan DefaultDelay = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan DefaultMaxDelay = TimeSpan.FromSeconds(30);

    public const RetryBackoff DefaultBackoff = RetryBackoff.Exponential;

    /// <summary>No retries, the default waits: what a task has until it asks for more.</summary>
    public static readonly RetryOptions None = new();

    /// <summary>Retries after the first attempt.</summary>
    public int RetryCount { get; init; } = DefaultTaskRetryCount;

    public TimeSpan Delay { get; init; } = DefaultDelay;

    /// <summary>Zero or Infinite: no cap.</summary>
    public TimeSpan MaxDelay { get; init; } = DefaultMaxDelay;

    public RetryBackoff Backoff { get; init; } = DefaultBackoff;

    public bool Jitter { get; init; } = true;

    public RetrySchedule Schedule() => new(Delay, MaxDelay, Backoff, Jitter);

    public override string ToString()
    {
        if (RetryCount == 0) return "no retries";
        string cap = MaxDelay <= TimeSpan.Zero || MaxDelay == Timeout.InfiniteTimeSpan ? "uncapped" : "at most " + Text.DurationParser.Format(MaxDelay);
        return $"{RetryCount} retr{(RetryCount == 1 ? "y" : "ies")}, {Backoff.ToString().ToLowerInvariant()} from {Text.DurationParser.Format(Delay)}, {cap}{(Jitter ? ", jitter" : string.Empty)}";
    }
}
