using System;

namespace Hero.Measurement;

/// <summary>A run failed (and failures are not ignored), could not start, or a -Setup, -Prepare,
/// -Conclude or -Cleanup command failed. <see cref="Partial"/> holds the runs timed before it.</summary>
public sealed class MeasurementFailedException : Exception
{
    public MeasurementFailedException(string message, string target, int? run, int? exitCode, HeroMeasurement? partial, bool startFailed = false)
        : base(message)
    {
        Target = target;
        Run = run;
        ExitCode = exitCode;
        Partial = partial;
        StartFailed = startFailed;
    }

    public string Target { get; }

    /// <summary>The number of the failing timed run; null for a warmup run or a hook.</summary>
    public int? Run { get; }

    public int? ExitCode { get; }

    public HeroMeasurement? Partial { get; }

    /// <summary>The program could not be started at all (not found, not executable).</summary>
    public bool StartFailed { get; }
}
