using System;
using System.Collections.Generic;
using System.Text;
using Hero.Resilience;
using Hero.Tasks;

namespace Hero;

/// <summary>Everything needed to run one task. Invoke-HeroTask builds one from its parameters,
/// New-HeroTask returns one, and a batch is a list of them. Durations use
/// Timeout.InfiniteTimeSpan for "no limit".</summary>
public sealed class HeroTaskDefinition
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromHours(1);
    public static readonly TimeSpan DefaultGracePeriod = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan DefaultHeartbeatInterval = TimeSpan.FromSeconds(10);
    public const long DefaultMaxOutputBytes = 1024 * 1024;

    public string? Name { get; set; }

    public HeroTaskKind Kind { get; set; } = HeroTaskKind.Process;

    public string? FilePath { get; set; }

    public string[] ArgumentList { get; set; } = [];

    /// <summary>The command line for <see cref="HeroTaskKind.Shell"/>.</summary>
    public string? Command { get; set; }

    public string? ScriptPath { get; set; }

    /// <summary>The PowerShell executable for -ScriptPath; null means the running one.</summary>
    public string? PowerShellHost { get; set; }

    public string? WorkingDirectory { get; set; }

    /// <summary>Merged into the inherited environment; a null value removes the variable.</summary>
    public IDictionary<string, string?> Environment { get; set; } = new Dictionary<string, string?>();

    public string? StandardInput { get; set; }

    public string? StandardInputPath { get; set; }

    public TimeSpan Timeout { get; set; } = DefaultTimeout;

    public TimeSpan AttemptTimeout { get; set; } = System.Threading.Timeout.InfiniteTimeSpan;

    /// <summary>Zero: off.</summary>
    public TimeSpan StallTimeout { get; set; } = TimeSpan.Zero;

    public TimeSpan GracePeriod { get; set; } = DefaultGracePeriod;

    public Encoding? Encoding { get; set; }

    public long MaxOutputBytes { get; set; } = DefaultMaxOutputBytes;

    public string? OutputPath { get; set; }

    public bool Quiet { get; set; }

    public string? CorrelationId { get; set; }

    /// <summary>How failed attempts are retried (none by default).</summary>
    public RetryOptions Retry { get; set; } = RetryOptions.None;

    /// <summary>Null: retry any failure exit code.</summary>
    public int[]? RetryOnExitCode { get; set; }

    public bool RetryOnTimeout { get; set; }

    /// <summary>When set, decides alone whether an unsuccessful attempt (failed, timed out or
    /// stalled) is retried. The host that owns it answers, on its own thread.</summary>
    public IHostScript? RetryIf { get; set; }

    public int[] SuccessExitCode { get; set; } = [0];

    /// <summary>Zero: off.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = DefaultHeartbeatInterval;

    public string[] DependsOn { get; set; } = [];

    /// <summary>The code of a <see cref="HeroTaskKind.ScriptBlock"/> task, run by the host that owns it.</summary>
    public IHostScript? ScriptBlock { get; set; }

    public HeroTaskDefinition Clone()
    {
        var copy = (HeroTaskDefinition)MemberwiseClone();
        copy.ArgumentList = (string[])ArgumentList.Clone();
        copy.Environment = new Dictionary<string, string?>(Environment);
        copy.SuccessExitCode = (int[])SuccessExitCode.Clone();
        copy.DependsOn = (string[])DependsOn.Clone();
        return copy;
    }

    public override string ToString() => Name ?? FilePath ?? Command ?? ScriptPath ?? ScriptBlock?.Display ?? Kind.ToString();
}
