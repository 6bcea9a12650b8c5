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
    Func<TimeSpan?> TimeLeftOnTask);
