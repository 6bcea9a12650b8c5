using System;

namespace Hero.Measurement;

/// <summary>How many runs: exactly <see cref="Iterations"/> when set; otherwise hyperfine's rule, at
/// least <see cref="MinIterations"/> runs and at least <see cref="MinTime"/> of measuring, but never
/// more than <see cref="MaxIterations"/>.</summary>
public sealed class MeasurementSettings
{
    public const int DefaultMinIterations = 10;
    public static readonly TimeSpan DefaultMinTime = TimeSpan.FromSeconds(3);
    public const int DefaultWarmup = 1;

    public int? Iterations { get; set; }

    public int MinIterations { get; set; } = DefaultMinIterations;

    public int? MaxIterations { get; set; }

    public TimeSpan MinTime { get; set; } = DefaultMinTime;

    public int Warmup { get; set; } = DefaultWarmup;

    /// <summary>A failing run (exit code not a success code, timed out, stalled) is recorded and the
    /// measurement goes on, instead of stopping it with an error.</summary>
    public bool IgnoreExitCode { get; set; }

    /// <exception cref="HeroTaskDefinitionException">Names the setting at fault.</exception>
    public void Validate()
    {
        if (Iterations is < 1) throw new HeroTaskDefinitionException("give 1 or more runs.", nameof(Iterations));
        if (MinIterations < 1) throw new HeroTaskDefinitionException("give 1 or more runs.", nameof(MinIterations));
        if (MaxIterations is < 1) throw new HeroTaskDefinitionException("give 1 or more runs.", nameof(MaxIterations));
        if (Warmup < 0) throw new HeroTaskDefinitionException("give 0 or more warmup runs.", nameof(Warmup));
        if (MinTime < TimeSpan.Zero) throw new HeroTaskDefinitionException("the minimum measuring time must not be negative.", nameof(MinTime));
        if (MaxIterations is int max && MinIterations > max)
        {
            throw new HeroTaskDefinitionException($"{MinIterations} is more than -MaxIterations ({max}).", nameof(MinIterations));
        }
    }

    /// <summary>Whether the measuring phase is complete after <paramref name="runs"/> runs that took
    /// <paramref name="elapsed"/> in all.</summary>
    internal bool IsDone(int runs, TimeSpan elapsed) =>
        Iterations is int exact
            ? runs >= exact
            : runs >= MaxIterations || (runs >= MinIterations && elapsed >= MinTime);

    /// <summary>How many runs the measuring phase will take, as far as the pace so far tells.</summary>
    internal int ExpectedRuns(int runs, TimeSpan elapsed)
    {
        if (Iterations is int exact) return exact;
        int expected = MinIterations;
        if (runs > 0 && elapsed > TimeSpan.Zero)
        {
            double perRun = elapsed.TotalSeconds / runs;
            double forTime = Math.Ceiling(MinTime.TotalSeconds / perRun);
            expected = (int)Math.Min(int.MaxValue, Math.Max(expected, Math.Max(forTime, runs)));
        }

        return MaxIterations is int max ? Math.Min(expected, max) : expected;
    }
}
