using System;

namespace Hero;

/// <summary>The exception inside a HeroSloViolation error record; the failed result rides along.</summary>
public sealed class HeroSloViolationException(string message, HeroSloResult result) : Exception(message)
{
    public HeroSloResult Result { get; } = result;
}
