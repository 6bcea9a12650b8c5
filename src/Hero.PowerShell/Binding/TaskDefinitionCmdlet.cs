using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Text;
using Hero.PowerShell.Hosting;

namespace Hero.PowerShell.Binding;

/// <summary>The task parameters Invoke-HeroTask and New-HeroTask share (the retry ones come from
/// <see cref="RetryParameterCmdlet"/>), and how bound parameters become a task definition (through
/// <see cref="TaskFields"/>, as hashtable keys do).</summary>
public abstract class TaskDefinitionCmdlet : RetryParameterCmdlet
{
    protected const string FilePathSet = "FilePath";
    protected const string CommandSet = "Command";
    protected const string ScriptPathSet = "ScriptPath";
    protected const string ScriptBlockSet = "ScriptBlock";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = FilePathSet)]
    [ValidateNotNullOrEmpty]
    [ProgramNameTransformation]
    public string FilePath { get; set; } = string.Empty;

    [Parameter(Position = 1, ValueFromRemainingArguments = true, ParameterSetName = FilePathSet)]
    [Parameter(Position = 1, ValueFromRemainingArguments = true, ParameterSetName = ScriptPathSet)]
    [Parameter(ParameterSetName = ScriptBlockSet)]
    [Alias("Args")]
    [AllowEmptyString]
    [AllowEmptyCollection]
    public string[] ArgumentList { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = CommandSet)]
    [ValidateNotNullOrEmpty]
    public string Command { get; set; } = string.Empty;

    [Parameter(Mandatory = true, ParameterSetName = CommandSet)]
    public SwitchParameter Shell { get; set; }

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ScriptPathSet)]
    [ValidateNotNullOrEmpty]
    [ProgramNameTransformation]
    public string ScriptPath { get; set; } = string.Empty;

    [Parameter(ParameterSetName = ScriptPathSet)]
    [ValidateNotNullOrEmpty]
    public string? PowerShellHost { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = ScriptBlockSet)]
    [ValidateNotNull]
    public ScriptBlock ScriptBlock { get; set; } = null!;

    /// <summary>Virtual so that a cmdlet whose -Name means something else (a guardian) can give it
    /// its own completer.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public virtual string? Name { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? WorkingDirectory { get; set; }

    [Parameter]
    public IDictionary? Environment { get; set; }

    [Parameter]
    public string? StandardInput { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? StandardInputPath { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CorrelationId { get; set; }

    [Parameter]
    [DurationTransformation]
    [ArgumentCompleter(typeof(DurationCompleter))]
    public TimeSpan Timeout { get; set; } = HeroTaskDefinition.DefaultTimeout;

    [Parameter]
    [DurationTransformation]
    [ArgumentCompleter(typeof(DurationCompleter))]
    public TimeSpan StallTimeout { get; set; } = TimeSpan.Zero;

    [Parameter]
    [DurationTransformation(AllowInfinite = false)]
    [ArgumentCompleter(typeof(DurationCompleter))]
    public TimeSpan GracePeriod { get; set; } = HeroTaskDefinition.DefaultGracePeriod;

    [Parameter]
    [DurationTransformation(AllowInfinite = false)]
    [ArgumentCompleter(typeof(DurationCompleter))]
    public TimeSpan HeartbeatInterval { get; set; } = HeroTaskDefinition.DefaultHeartbeatInterval;

    [Parameter]
    [EncodingTransformation]
    public Encoding? Encoding { get; set; }

    [Parameter]
    public SwitchParameter Quiet { get; set; }

    [Parameter]
    [SizeTransformation]
    public long MaxOutputBytes { get; set; } = HeroTaskDefinition.DefaultMaxOutputBytes;

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? OutputPath { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public int[]? RetryOnExitCode { get; set; }

    [Parameter]
    public SwitchParameter RetryOnTimeout { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public int[] SuccessExitCode { get; set; } = [0];

    /// <summary>Stops before anything starts when a Hero or common parameter was bound from a token
    /// written after the program (see <see cref="CommandLineTrap"/>); warns of near misses.</summary>
    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        if (ParameterSetName is not (FilePathSet or ScriptPathSet)) return;
        if (CommandLineTrap.Check(this, [nameof(FilePath), nameof(ScriptPath)], out IReadOnlyList<string> nearMisses) is { } trapped)
        {
            ThrowTerminatingError(trapped);
        }

        foreach (string warning in nearMisses) WriteWarning(warning);
    }

    /// <summary>The task these parameters describe; nothing is checked on disk yet.</summary>
    protected HeroTaskDefinition BuildDefinition()
    {
        var task = new HeroTaskDefinition();
        foreach (KeyValuePair<string, object> parameter in MyInvocation.BoundParameters)
        {
            if (TaskFields.IsTaskField(parameter.Key) && !(parameter.Key == "ArgumentList" && ParameterSetName == ScriptBlockSet))
            {
                TaskFields.Apply(task, parameter.Key, parameter.Value, SessionState);
            }
        }

        task.WorkingDirectory ??= PathResolver.CurrentDirectory(this);
        if (task.Kind == HeroTaskKind.Script)
        {
            task.PowerShellHost ??= SessionPowerShell();
        }

        return task;
    }

    /// <summary>The PowerShell of this session, for -ScriptPath children and -Isolation Process.</summary>
    protected string SessionPowerShell() => HostEnvironment.CurrentPowerShell((string)SessionState.PSVariable.GetValue("PSHOME"));
}
