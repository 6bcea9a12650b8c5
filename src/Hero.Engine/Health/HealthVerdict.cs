namespace Hero.Health;

/// <summary>What a check decided, before the runner adds its name, timing and fix.</summary>
public sealed record HealthVerdict(HeroHealthStatus Status, object? Value, string? Threshold, string Message, string? OutputTail = null)
{
    /// <summary>Stopped from outside (the run's deadline or Ctrl+C) before it could decide: the runner
    /// says which.</summary>
    public bool Stopped { get; init; }

    public static HealthVerdict Healthy(object? value, string? threshold, string message) => new(HeroHealthStatus.Healthy, value, threshold, message);

    public static HealthVerdict Error(string message, string? outputTail = null) => new(HeroHealthStatus.Error, null, null, message, outputTail);

    public static HealthVerdict StoppedFromOutside(string? outputTail = null) => new(HeroHealthStatus.Error, null, null, "Stopped.", outputTail) { Stopped = true };
}
