using System;
using System.Management.Automation;
using Hero.Batch;
using Hero.Reporting;

namespace Hero.PowerShell.Hosting;

/// <summary>How a <see cref="TaskSession"/> runs its tasks and reports them.</summary>
internal sealed class TaskSessionOptions
{
    public int ThrottleLimit { get; init; } = Environment.ProcessorCount;

    public bool FailFast { get; init; }

    public ShardSpec? Shard { get; init; }

    /// <summary>Script-block tasks run in a child pwsh instead of the runspace pool.</summary>
    public bool IsolateScriptBlocks { get; init; }

    public string[] ImportModule { get; init; } = [];

    public ScriptBlock? InitializationScript { get; init; }

    public CiPlatform CI { get; init; } = CiPlatform.Auto;

    /// <summary>Full file-system paths, or null.</summary>
    public string? JUnitPath { get; init; }

    public string? ResultPath { get; init; }

    /// <summary>The JUnit suite and CI summary title; null: the task's name for one task, else "Hero".</summary>
    public string? SuiteName { get; init; }

    /// <summary>Set by a cmdlet that judges the results itself (Invoke-HeroSmokeTest): each result goes
    /// here, on the pipeline thread, instead of to the pipeline with its error record, and CI gets
    /// the task groups but no annotations or summary of the session's own.</summary>
    public Action<HeroTaskResult>? OnResult { get; init; }

    /// <summary>The PowerShell that -Isolation Process children run in.</summary>
    public string PowerShellHost { get; init; } = "pwsh";
}
