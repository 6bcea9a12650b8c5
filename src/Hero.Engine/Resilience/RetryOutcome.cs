using System;

namespace Hero.Resilience;

/// <summary>How a retried call ended, with everything its error record needs.</summary>
public sealed class RetryOutcome<T>
{
    public RetryStatus Status { get; init; }

    /// <summary>The successful attempt's value.</summary>
    public T? Value { get; init; }

    public int Attempts { get; init; }

    public TimeSpan Elapsed { get; init; }

    /// <summary>Failed: the last attempt's exception (an <see cref="AttemptTimedOutException"/> when it
    /// ran out of time). CircuitOpen: the <see cref="CircuitOpenException"/>. DecisionFailed: the
    /// <see cref="RetryDecisionException"/>.</summary>
    public Exception? Error { get; init; }

    /// <summary>One sentence for the error record; null on success.</summary>
    public string? Message { get; init; }

    public bool Succeeded => Status == RetryStatus.Succeeded;
}
