using System;

namespace Hero;

/// <summary>The exception inside a failed task's error record; the result rides along.</summary>
public sealed class HeroTaskException(string message, HeroTaskResult result) : Exception(message)
{
    public HeroTaskResult Result { get; } = result;
}
