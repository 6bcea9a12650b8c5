using System;
using System.Text;

namespace Hero.Tasks;

/// <summary>One attempt's limits, already resolved against the task's overall deadline.</summary>
internal sealed record AttemptSettings(
    string TaskName,
    int Attempt,
    Encoding Encoding,
    TimeSpan StallTimeout,
    TimeSpan GracePeriod,
    TimeSpan HeartbeatInterval,
    long MaxOutputBytes,
    string? OutputPath,
    bool Quiet,
    int[] SuccessExitCodes,
    Func<TimeSpan?> TimeLeftOnTask,
    TimeSpan AttemptTimeout,
    TimeSpan TaskTimeout)
{
    /// <summary>The deadline that stopped the attempt, to report it rather than a clock reading
    /// (the clock starts after the deadline's timer and reads a little less): the task's when its
    /// time is up, else the attempt's own.</summary>
    public (string Name, TimeSpan Value) FiredDeadline() => FiredDeadline(TimeLeftOnTask(), AttemptTimeout, TaskTimeout);

    /// <inheritdoc cref="FiredDeadline()"/>
    public static (string Name, TimeSpan Value) FiredDeadline(TimeSpan? taskLeft, TimeSpan attemptTimeout, TimeSpan taskTimeout)
    {
        bool taskExpired = taskLeft is { } left && left <= TimeSpan.FromMilliseconds(50);
        return !taskExpired && attemptTimeout != System.Threading.Timeout.InfiniteTimeSpan
            ? ("attempt's timeout", attemptTimeout)
            : ("task's timeout", taskTimeout);
    }
}
