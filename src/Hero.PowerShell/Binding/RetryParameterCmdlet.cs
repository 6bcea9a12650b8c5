using System;
using System.Management.Automation;
using Hero.PowerShell.Hosting;
using Hero.Resilience;

namespace Hero.PowerShell.Binding;

/// <summary>The retry parameters every retrying cmdlet shares (Invoke-HeroTask, New-HeroTask,
/// Invoke-HeroRetry): one declaration, the defaults from <see cref="RetryOptions"/>.</summary>
public abstract class RetryParameterCmdlet : HeroCmdlet
{
    private int? _retryCount;

    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int RetryCount
    {
        get => _retryCount ?? DefaultRetryCount;
        set => _retryCount = value;
    }

    [Parameter]
    [DurationTransformation(AllowInfinite = false)]
    [ArgumentCompleter(typeof(DurationCompleter))]
    public TimeSpan RetryDelay { get; set; } = RetryOptions.DefaultDelay;

    [Parameter]
    [DurationTransformation]
    [ArgumentCompleter(typeof(DurationCompleter))]
    public TimeSpan MaxRetryDelay { get; set; } = RetryOptions.DefaultMaxDelay;

    [Parameter]
    public RetryBackoff RetryBackoff { get; set; } = RetryOptions.DefaultBackoff;

    [Parameter]
    public SwitchParameter NoJitter { get; set; }

    /// <summary>Judges a failed attempt: the task's result, or Invoke-HeroRetry's error record, is $_.</summary>
    [Parameter]
    [ValidateNotNull]
    public ScriptBlock? RetryIf { get; set; }

    [Parameter]
    [DurationTransformation]
    [ArgumentCompleter(typeof(DurationCompleter))]
    public TimeSpan AttemptTimeout { get; set; } = System.Threading.Timeout.InfiniteTimeSpan;

    /// <summary>Tasks run once unless asked; Invoke-HeroRetry exists to retry.</summary>
    protected virtual int DefaultRetryCount => RetryOptions.DefaultTaskRetryCount;

    /// <summary>The retry parameters as bound, defaults filled in.</summary>
    protected RetryOptions BoundRetryOptions() => new()
    {
        RetryCount = RetryCount,
        Delay = RetryDelay,
        MaxDelay = MaxRetryDelay,
        Backoff = RetryBackoff,
        Jitter = !NoJitter,
    };
}
