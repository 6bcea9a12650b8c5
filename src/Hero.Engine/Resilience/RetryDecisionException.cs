using System;

namespace Hero.Resilience;

/// <summary>The -RetryIf decision itself failed (the script block threw). The task ends here, with
/// the attempt that was being judged.</summary>
public sealed class RetryDecisionException(string message, HeroTaskResult lastResult, Exception inner)
    : Exception(message, inner)
{
    public HeroTaskResult LastResult { get; } = lastResult;
}
