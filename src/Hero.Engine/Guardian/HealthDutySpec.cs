namespace Hero.Guardian;

/// <summary>-Health's settings: the checks files and Test-HeroHealth's limits.</summary>
internal sealed class HealthDutySpec
{
    public string[] Paths { get; set; } = [];

    public string BaseDirectory { get; set; } = string.Empty;

    public double CheckTimeoutMs { get; set; } = 30_000;

    public double TimeoutMs { get; set; } = 120_000;

    public int ThrottleLimit { get; set; } = 2;

    public double GracePeriodMs { get; set; } = 5000;
}
