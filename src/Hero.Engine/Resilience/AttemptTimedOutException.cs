using System;

namespace Hero.Resilience;

/// <summary>One attempt ran past its -AttemptTimeout and was stopped.</summary>
public sealed class AttemptTimedOutException(int attempt, TimeSpan timeout, Exception? inner = null)
    : TimeoutException($"Attempt {attempt} did not finish within {Text.DurationParser.Format(timeout)} and was stopped.", inner)
{
    public int Attempt { get; } = attempt;

    public TimeSpan Timeout { get; } = timeout;
}
