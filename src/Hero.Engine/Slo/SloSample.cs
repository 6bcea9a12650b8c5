namespace Hero.Slo;

/// <summary>One run or task as the evaluator sees it, in base units (seconds, bytes); a figure the
/// source did not have is null and is left out of that metric's samples, never counted as 0.</summary>
internal sealed record SloSample(string Task, double? Duration, double? Cpu, double? Memory, bool Success, int ExitCode)
{
    public static SloSample From(HeroTaskResult result) => new(
        result.Name,
        result.Duration.Ticks / (double)System.TimeSpan.TicksPerSecond,
        result.CpuTime is { } cpu ? cpu.Ticks / (double)System.TimeSpan.TicksPerSecond : null,
        result.PeakMemoryBytes,
        result.Status == HeroTaskStatus.Succeeded,
        result.ExitCode);

    public static System.Collections.Generic.IEnumerable<SloSample> From(HeroMeasurement measurement)
    {
        foreach (HeroMeasurementRun run in measurement.Runs)
        {
            yield return new SloSample(
                measurement.Name,
                run.Duration.Ticks / (double)System.TimeSpan.TicksPerSecond,
                run.CpuTime is { } cpu ? cpu.Ticks / (double)System.TimeSpan.TicksPerSecond : null,
                run.PeakMemoryBytes,
                run.Status == HeroTaskStatus.Succeeded,
                run.ExitCode);
        }
    }

    /// <summary>A task result that never ran (skipped) has no sample.</summary>
    public static bool Counts(HeroTaskResult result) => result.Status != HeroTaskStatus.Skipped;
}
