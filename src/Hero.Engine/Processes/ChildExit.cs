using System;
using Hero.Tasks;

namespace Hero.Processes;

/// <summary>How the child ended, plus what the kernel accounted for it (its own and its waited-for
/// descendants' CPU and peak memory on Unix; the whole job on Windows).</summary>
internal sealed record ChildExit(int? ExitCode, int? Signal, TimeSpan? CpuTime, long? PeakMemoryBytes)
{
    /// <summary>The child is gone but how it ended was lost (someone else reaped it, or it never
    /// reported its exit in time).</summary>
    public static readonly ChildExit Unknown = new(null, null, null, null);

    /// <summary>Shell convention: the exit code, or 128 + signal when a signal ended it.</summary>
    public int ConventionalCode => Signal is int signal ? ExitCodes.SignalBase + signal : ExitCode ?? 255;

    /// <summary>The user-mode part of <see cref="CpuTime"/>, where the platform tells them apart.</summary>
    public TimeSpan? UserTime { get; init; }

    /// <summary>The kernel-mode part of <see cref="CpuTime"/>.</summary>
    public TimeSpan? SystemTime { get; init; }

    /// <summary>Stopwatch timestamp of the moment Hero learnt of the exit (0: not recorded), so a
    /// measurement ends at the exit rather than when a waiting task got around to looking.</summary>
    public long ExitTimestamp { get; init; }
}
