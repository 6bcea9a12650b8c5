using System;

namespace Hero.Tasks;

internal sealed record AttemptOutcome(
    HeroTaskStatus Status,
    int ExitCode,
    int? Signal,
    string? Message,
    string StdOut,
    string StdErr,
    bool Truncated,
    TimeSpan? CpuTime,
    long? PeakMemoryBytes,
    int KilledProcessCount,
    DateTime StartTime,
    DateTime EndTime);
