using System;
using Hero.Processes;
using Hero.Security;

namespace Hero.Tasks;

/// <param name="Abandoned">A script-block pipeline was stuck in a blocking call and given up on; the
/// task's final timeout message repeats it. A flag, so no message text has to be searched for it.</param>
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
    DateTime EndTime,
    bool Abandoned = false)
{
    /// <summary>The child never ran: 126 or 127 as a shell would say, and a message fit to show.</summary>
    internal static AttemptOutcome StartFailed(ProcessStartException e, DateTime startTime) =>
        new(HeroTaskStatus.StartFailed, ExitCodes.Of(e.Kind), null,
            SecretMasker.Default.MaskAll(e.Message), string.Empty, string.Empty, false, null, null, 0, startTime, DateTime.UtcNow);

    /// <summary>Appended to an attempt's message and to the task's final one alike.</summary>
    internal static string EndedProcesses(int count) => $" Ended {count} process(es).";
}
