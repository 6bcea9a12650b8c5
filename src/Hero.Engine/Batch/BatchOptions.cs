using System;

namespace Hero.Batch;

public sealed class BatchOptions
{
    public int ThrottleLimit { get; set; } = Environment.ProcessorCount;

    /// <summary>The first failure cancels running tasks and skips the rest.</summary>
    public bool FailFast { get; set; }
}
