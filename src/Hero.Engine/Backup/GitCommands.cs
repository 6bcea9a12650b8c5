using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Hero.Tasks;

namespace Hero.Backup;

/// <summary>The git commands of backup and restore, each a Hero task (argument array, own kill group,
/// deadline, stop sequence), never a shell.</summary>
internal static class GitCommands
{
    public static HeroTaskDefinition Task(string name, string workingDirectory, TimeSpan timeout, TimeSpan grace, params string[] arguments) => new()
    {
        Name = name,
        FilePath = "git",
        ArgumentList = arguments,
        WorkingDirectory = workingDirectory,
        Timeout = timeout,
        GracePeriod = grace,
        Quiet = true,
        HeartbeatInterval = TimeSpan.Zero,
        MaxOutputBytes = 1024 * 1024,
        Environment = new Dictionary<string, string?> { ["GIT_TERMINAL_PROMPT"] = "0" },
    };

    public static Task<HeroTaskResult> RunAsync(HeroTaskDefinition task, ITaskObserver observer, CancellationToken cancel) =>
        TaskRunner.RunAsync(task, observer, cancel);

    /// <summary>One sentence: what failed, how, and git's last words.</summary>
    public static string Reason(string what, HeroTaskResult run)
    {
        string attempts = run.Attempts > 1 ? $" after {run.Attempts} attempts" : string.Empty;
        string how = run.Status switch
        {
            HeroTaskStatus.TimedOut => $"timed out{attempts}",
            HeroTaskStatus.StartFailed => "could not start: " + (run.Message ?? "git was not found"),
            HeroTaskStatus.Cancelled => "was cancelled",
            _ => $"failed with exit code {run.ExitCode}{attempts}",
        };
        string said = LastLine(run.StdErr) ?? LastLine(run.StdOut) ?? string.Empty;
        return $"{what} {how}" + (said.Length > 0 && run.Status != HeroTaskStatus.StartFailed ? $": {said}" : ".");
    }

    private static string? LastLine(string text) =>
        text.Replace("\r\n", "\n").Split(['\n'], StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).LastOrDefault(l => l.Length > 0);
}
