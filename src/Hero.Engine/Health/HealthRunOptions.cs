using System;

namespace Hero.Health;

public sealed class HealthRunOptions
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(120);

    /// <summary>How many checks run at once (-ThrottleLimit, default 2).</summary>
    public int ThrottleLimit { get; set; } = 2;

    /// <summary>The global deadline for the whole run (-Timeout); Infinite or zero: none.</summary>
    public TimeSpan Timeout { get; set; } = DefaultTimeout;
}
