using System;

namespace Hero.Processes;

/// <summary>How the child ended, plus what the kernel accounted for it (its own and its waited-for
/// descendants' CPU and peak memory on Unix; the whole job on Windows).</summary>
internal sealed record ChildExit(int? ExitCode, int? Signal, TimeSpan? CpuTime, long? PeakMemoryBytes)
{
    /// <summary>Shell convention: the exit code, or 128 + signal when a signal ended it.</summary>
    public int ConventionalCode => Signal is int signal ? 128 + signal : ExitCode ?? 255;
}
