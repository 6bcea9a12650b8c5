using System;
using System.Collections.Generic;
using System.Text;
using System.Threading.Tasks;
using Hero.Resilience;

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

    public int RetryCount { get; set; }

    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    public RetryBackoff RetryBackoff { get; set; } = RetryBackoff.Exponential;

    public bool Jitter { get; set; } = true;

    /// <summary>Null: retry any failure exit code.</summary>
    public int[]? RetryOnExitCode { get; set; }

    public bool RetryOnTimeout { get; set; }

    /// <summary>When set, decides alone whether an unsuccessful attempt (failed, timed out or
    /// stalled) is retried. Asynchronous because the PowerShell layer answers it on the pipeline
    /// thread.</summary>
    public Func<HeroTaskResult, Task<bool>>? RetryIf { get; set; }

    public int[] SuccessExitCode { get; set; } = [0];

    /// <summary>Zero: off.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = DefaultHeartbeatInterval;

    public string[] DependsOn { get; set; } = [];

    /// <summary>Opaque payload for task kinds the engine does not run itself (script blocks).</summary>
    public object? Payload { get; set; }

    /// <summary>The host's -RetryIf script block, kept so the host can wire it to <see cref="RetryIf"/>.</summary>
    public object? RetryIfScript { get; set; }

    /// <summary>Settings given explicitly (parameter or hashtable key); batch-wide defaults fill in the rest.</summary>
    public HashSet<string> Explicit { get; private set; } = new(StringComparer.OrdinalIgnoreCase);

    public HeroTaskDefinition Clone()
    {
        var copy = (HeroTaskDefinition)MemberwiseClone();
        copy.ArgumentList = (string[])ArgumentList.Clone();
        copy.Environment = new Dictionary<string, string?>(Environment);
        copy.SuccessExitCode = (int[])SuccessExitCode.Clone();
        copy.DependsOn = (string[])DependsOn.Clone();
        copy.Explicit = new HashSet<string>(Explicit, StringComparer.OrdinalIgnoreCase);
        return copy;
    }

    public override string ToString() => Name ?? FilePath ?? Command ?? ScriptPath ?? Kind.ToString();
}
