using System;
using System.Collections.Generic;
using System.Text;
using Hero.Resilience;

namespace Hero.Guardian;

/// <summary>A task definition as the worker reads it back from guardian.json: every setting that can
/// cross into another process. Script blocks cannot (they belong to the session that made them), so a
/// guardian runs programs, shell commands and script files.</summary>
internal sealed class TaskSpec
{
    public string? Name { get; set; }

    public HeroTaskKind Kind { get; set; }

    public string? FilePath { get; set; }

    public string[] ArgumentList { get; set; } = [];

    public string? Command { get; set; }

    public string? ScriptPath { get; set; }

    public string? PowerShellHost { get; set; }

    public string? WorkingDirectory { get; set; }

    public Dictionary<string, string?> Environment { get; set; } = new();

    public string? StandardInput { get; set; }

    public string? StandardInputPath { get; set; }

    /// <summary>Milliseconds; negative: no limit.</summary>
    public double TimeoutMs { get; set; }

    public double AttemptTimeoutMs { get; set; }

    public double StallTimeoutMs { get; set; }

    public double GracePeriodMs { get; set; }

    public double HeartbeatIntervalMs { get; set; }

    public string? Encoding { get; set; }

    public long MaxOutputBytes { get; set; }

    public string? OutputPath { get; set; }

    public int RetryCount { get; set; }

    public double RetryDelayMs { get; set; }

    public double MaxRetryDelayMs { get; set; }

    public RetryBackoff RetryBackoff { get; set; }

    public bool RetryJitter { get; set; }

    public int[]? RetryOnExitCode { get; set; }

    public bool RetryOnTimeout { get; set; }

    public int[] SuccessExitCode { get; set; } = [0];

    /// <exception cref="HeroTaskDefinitionException">The definition holds something that cannot run in
    /// another process.</exception>
    public static TaskSpec From(HeroTaskDefinition task)
    {
        if (task.Kind == HeroTaskKind.ScriptBlock || task.ScriptBlock is not null)
        {
            throw new HeroTaskDefinitionException(
                "A guardian runs in a process of its own, where a script block of this session cannot run: give a program (-FilePath), -Command with -Shell, or a script file (-ScriptPath).", "ScriptBlock");
        }

        if (task.RetryIf is not null)
        {
            throw new HeroTaskDefinitionException("A guardian runs in a process of its own, where a -RetryIf script block of this session cannot run: use -RetryOnExitCode or -RetryOnTimeout.", "RetryIf");
        }

        return new TaskSpec
        {
            Name = task.Name,
            Kind = task.Kind,
            FilePath = task.FilePath,
            ArgumentList = task.ArgumentList,
            Command = task.Command,
            ScriptPath = task.ScriptPath,
            PowerShellHost = task.PowerShellHost,
            WorkingDirectory = task.WorkingDirectory,
            Environment = new Dictionary<string, string?>(task.Environment),
            StandardInput = task.StandardInput,
            StandardInputPath = task.StandardInputPath,
            TimeoutMs = Ms(task.Timeout),
            AttemptTimeoutMs = Ms(task.AttemptTimeout),
            StallTimeoutMs = Ms(task.StallTimeout),
            GracePeriodMs = Ms(task.GracePeriod),
            HeartbeatIntervalMs = Ms(task.HeartbeatInterval),
            Encoding = task.Encoding?.WebName,
            MaxOutputBytes = task.MaxOutputBytes,
            OutputPath = task.OutputPath,
            RetryCount = task.Retry.RetryCount,
            RetryDelayMs = Ms(task.Retry.Delay),
            MaxRetryDelayMs = Ms(task.Retry.MaxDelay),
            RetryBackoff = task.Retry.Backoff,
            RetryJitter = task.Retry.Jitter,
            RetryOnExitCode = task.RetryOnExitCode,
            RetryOnTimeout = task.RetryOnTimeout,
            SuccessExitCode = task.SuccessExitCode,
        };
    }

    public HeroTaskDefinition ToDefinition() => new()
    {
        Name = Name,
        Kind = Kind,
        FilePath = FilePath,
        ArgumentList = ArgumentList ?? [],
        Command = Command,
        ScriptPath = ScriptPath,
        PowerShellHost = PowerShellHost,
        WorkingDirectory = WorkingDirectory,
        Environment = new Dictionary<string, string?>(Environment ?? new Dictionary<string, string?>()),
        StandardInput = StandardInput,
        StandardInputPath = StandardInputPath,
        Timeout = Span(TimeoutMs),
        AttemptTimeout = Span(AttemptTimeoutMs),
        StallTimeout = Span(StallTimeoutMs),
        GracePeriod = Span(GracePeriodMs),
        HeartbeatInterval = Span(HeartbeatIntervalMs),
        Encoding = Encoding is null ? null : System.Text.Encoding.GetEncoding(Encoding),
        MaxOutputBytes = MaxOutputBytes,
        OutputPath = OutputPath,
        Retry = new RetryOptions { RetryCount = RetryCount, Delay = Span(RetryDelayMs), MaxDelay = Span(MaxRetryDelayMs), Backoff = RetryBackoff, Jitter = RetryJitter },
        RetryOnExitCode = RetryOnExitCode,
        RetryOnTimeout = RetryOnTimeout,
        SuccessExitCode = SuccessExitCode ?? [0],
    };

    internal static double Ms(TimeSpan span) => span == System.Threading.Timeout.InfiniteTimeSpan ? -1 : span.TotalMilliseconds;

    internal static TimeSpan Span(double ms) => ms < 0 ? System.Threading.Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(ms);
}
