using System;

namespace Hero.Resilience;

/// <summary>The retry decision itself failed (the -RetryIf script block threw). The call ends here;
/// for a task the attempt being judged rides along.</summary>
public sealed class RetryDecisionException(string message, Exception inner, HeroTaskResult? lastResult = null)
    : Exception(message, inner)
{
    public HeroTaskResult? LastResult { get; } = lastResult;
}
