using System;
using Hero.Health;
using Hero.Tasks;

namespace Hero.PowerShell.Reporting;

/// <summary>A health result in the shape the batch reports take (CI groups and annotations, step
/// summary, JUnit), so health runs report exactly as batches do through the same code: Healthy and
/// Warning pass, Critical and Error fail, TimedOut is a timeout. The health words travel in the
/// message and the output.</summary>
internal static class HealthReportRows
{
    public const string SuiteName = "Hero health";

    public static HeroTaskResult ToTaskResult(HeroHealthResult health)
    {
        (HeroTaskStatus status, int exitCode) = health.Status switch
        {
            HeroHealthStatus.Healthy or HeroHealthStatus.Warning => (HeroTaskStatus.Succeeded, 0),
            HeroHealthStatus.TimedOut => (HeroTaskStatus.TimedOut, ExitCodes.TimedOut),
            _ => (HeroTaskStatus.Failed, 1),
        };
        string measured = health.Value is null ? string.Empty : $" (value {Value(health.Value)}" + (health.Threshold is null ? ")" : $", threshold {health.Threshold})");
        return new HeroTaskResult
        {
            Name = health.Name,
            Status = status,
            ExitCode = exitCode,
            Attempts = 1,
            StartTime = health.StartTime,
            EndTime = health.StartTime + health.Duration,
            Duration = health.Duration,
            Command = health.Kind,
            Message = $"{health.Status}: {health.Message}{measured}",
            StdOut = $"{health.Kind} check: {health.Status}: {health.Message}{measured}" + (health.OutputTail is { Length: > 0 } tail ? Environment.NewLine + tail : string.Empty),
        };
    }

    public static string Value(object value) => value switch
    {
        TimeSpan span => Text.DurationParser.Format(span),
        Version version => VersionText.Format(version),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
    };
}
