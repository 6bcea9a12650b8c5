using System;
using Hero.Processes;
using Hero.Security;

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
    DateTime EndTime)
{
    /// <summary>The child never ran: 126 or 127 as a shell would say, and a message fit to show.</summary>
    internal static AttemptOutcome StartFailed(ProcessStartException e, DateTime startTime) =>
        new(HeroTaskStatus.StartFailed, e.Kind == StartFailureKind.NotExecutable ? ExitCodes.NotExecutable : ExitCodes.NotFound, null,
            SecretMasker.MaskAll(e.Message), string.Empty, string.Empty, false, null, null, 0, startTime, DateTime.UtcNow);
}
