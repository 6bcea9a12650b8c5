using System;

namespace Hero.Health;

/// <summary>The exception of a HeroHealthCritical error: which checks failed; the summary rides along.</summary>
public sealed class HeroHealthException : Exception
{
    public HeroHealthException(string message, HeroHealthSummary summary)
        : base(message)
    {
        Summary = summary;
    }

    public HeroHealthSummary Summary { get; }
}
