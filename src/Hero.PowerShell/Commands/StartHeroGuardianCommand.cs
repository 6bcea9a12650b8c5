using System;
using System.IO.Compression;
using System.Management.Automation;
using Hero.Guardian;
using Hero.PowerShell.Binding;
using Hero.PowerShell.Hosting;

namespace Hero.PowerShell.Commands;

/// <summary>Starts a guardian: a detached worker (or a service) that keeps one command running, or runs
/// a duty on a schedule, and outlives this session. Everything is checked before anything starts; the
/// cmdlet returns once the worker has reported.</summary>
[Cmdlet(VerbsLifecycle.Start, "HeroGuardian", DefaultParameterSetName = FilePathSet, SupportsShouldProcess = true)]
[OutputType(typeof(HeroGuardianInfo))]
public sealed class StartHeroGuardianCommand : TaskDefinitionCmdlet
{
    internal const string TaskSet = "Task";
    internal const string BackupSet = "Backup";
    internal const string HealthSet = "Health";
    private const string WorkerSet = "Worker";

    /// <summary>The guardian's name (the task's own name too); tab offers the existing guardians.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(GuardianNameCompleter))]
    public override string? Name { get; set; }

    [Parameter(ParameterSetName = FilePathSet)]
    [Parameter(ParameterSetName = CommandSet)]
    [Parameter(ParameterSetName = ScriptPathSet)]
    [Parameter(ParameterSetName = ScriptBlockSet)]
    public SwitchParameter KeepAlive { get; set; }

    [Parameter(ParameterSetName = FilePathSet)]
    [Parameter(ParameterSetName = CommandSet)]
    [Parameter(ParameterSetName = ScriptPathSet)]
    [Parameter(ParameterSetName = ScriptBlockSet)]
    [Parameter(Mandatory = true, ParameterSetName = TaskSet)]
    [Parameter(Mandatory = true, ParameterSetName = BackupSet)]
    [Parameter(Mandatory = true, ParameterSetName = HealthSet)]
    [DurationTransformation(AllowInfinite = false)]
    [ArgumentCompleter(typeof(DurationCompleter))]
    public TimeSpan Every { get; set; }

    [Parameter]
    [DurationTransformation(AllowInfinite = false)]
    public TimeSpan Jitter { get; set; }

    [Parameter]
    public SwitchParameter RunNow { get; set; }

    /// <summary>A New-HeroTask definition to run on the schedule.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = TaskSet)]
    [ValidateNotNull]
    public HeroTaskDefinition Task { get; set; } = null!;

    [Parameter(Mandatory = true, ParameterSetName = BackupSet)]
    public SwitchParameter Backup { get; set; }

    [Parameter(ParameterSetName = BackupSet)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    [Parameter(ParameterSetName = BackupSet)]
    [ValidateNotNullOrEmpty]
    public string? Destination { get; set; }

    [Parameter(ParameterSetName = BackupSet)]
    [ValidateNotNull]
    public string[] Include { get; set; } = [];

    [Parameter(ParameterSetName = BackupSet)]
    [ValidateNotNull]
    public string[] Exclude { get; set; } = [];

    [Parameter(ParameterSetName = BackupSet)]
    [ValidateRange(1, 10000)]
    public int MaxBackups { get; set; } = Hero.Backup.BackupOptions.DefaultMaxBackups;

    [Parameter(ParameterSetName = BackupSet)]
    public CompressionLevel CompressionLevel { get; set; } = CompressionLevel.Optimal;

    [Parameter(ParameterSetName = BackupSet)]
    [DurationTransformation]
    public TimeSpan GitTimeout { get; set; } = TimeSpan.FromMinutes(10);

    [Parameter(ParameterSetName = BackupSet)]
    [ValidateRange(0, 10)]
    public int GitRetryCount { get; set; } = 2;

    [Parameter(ParameterSetName = BackupSet)]
    [DurationTransformation(AllowInfinite = false)]
    public TimeSpan GitRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Checks files (.psd1 or .json, as Test-HeroHealth -Path) to run on the schedule.</summary>
    [Parameter(Mandatory = true, ParameterSetName = HealthSet)]
    [ValidateNotNullOrEmpty]
    public string[] Health { get; set; } = [];

    [Parameter(ParameterSetName = HealthSet)]
    [DurationTransformation]
    public TimeSpan CheckTimeout { get; set; } = Hero.Health.HealthCheck.DefaultTimeout;

    [Parameter]
    public GuardianRestartPolicy Restart { get; set; } = GuardianRestartPolicy.OnFailure;

    [Parameter]
    [DurationTransformation(AllowInfinite = false)]
    public TimeSpan RestartDelay { get; set; } = TimeSpan.FromSeconds(1);

    [Parameter]
    [DurationTransformation(AllowInfinite = false)]
    public TimeSpan MaxRestartDelay { get; set; } = TimeSpan.FromSeconds(60);

    [Parameter]
    [DurationTransformation]
    public TimeSpan ResetAfter { get; set; } = TimeSpan.FromSeconds(60);

    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int MaxRestarts { get; set; } = 10;

    [Parameter]
    [DurationTransformation]
    public TimeSpan RestartWindow { get; set; } = TimeSpan.FromMinutes(10);

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? HealthUri { get; set; }

    [Parameter]
    [ValidateRange(1, 65535)]
    public int HealthPort { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? HealthCommand { get; set; }

    [Parameter]
    [DurationTransformation(AllowInfinite = false)]
    public TimeSpan HealthInterval { get; set; } = TimeSpan.FromSeconds(10);

    [Parameter]
    [DurationTransformation(AllowInfinite = false)]
    public TimeSpan HealthTimeout { get; set; } = TimeSpan.FromSeconds(1);

    [Parameter]
    [ValidateRange(1, 1000)]
    public int HealthFailureThreshold { get; set; } = 3;

    [Parameter]
    [DurationTransformation(AllowInfinite = false)]
    public TimeSpan HealthStartDelay { get; set; }

    [Parameter]
    [DurationTransformation(AllowInfinite = false)]
    public TimeSpan WatchdogTimeout { get; set; }

    [Parameter]
    [SizeTransformation]
    public long MaxMemory { get; set; }

    [Parameter]
    [SizeTransformation]
    public long MaxLogSize { get; set; } = 10L * 1024 * 1024;

    [Parameter]
    [ValidateRange(1, 1000)]
    public int RetainedLogCount { get; set; } = 5;

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? StateDirectory { get; set; }

    [Parameter]
    public SwitchParameter Persist { get; set; }

    /// <summary>Not a parameter to use: the worker's own entry point (the detached pwsh runs
    /// Start-HeroGuardian -Worker &lt;folder&gt;).</summary>
    [Parameter(Mandatory = true, ParameterSetName = WorkerSet, DontShow = true)]
    [ValidateNotNullOrEmpty]
    public string Worker { get; set; } = string.Empty;

    /// <summary>Not a parameter to use: its aliases are the ambiguous prefixes of this cmdlet's
    /// parameters, so an ambiguous -x is caught and explained (see CommandLineTrap).</summary>
    [Parameter(DontShow = true)]
    [Alias("a", "c", "co", "com", "e", "en", "er", "err", "erro", "error", "g", "gi", "git", "gitr", "gitre",
        "gitret", "gitretr", "gitretry", "h", "he", "hea", "heal", "healt", "m", "ma", "max", "maxr",
        "maxre", "maxres", "maxrest", "maxresta", "maxrestar", "maxrestart", "n", "p", "r", "re", "res",
        "rest", "resta", "restar", "ret", "retr", "retry", "retryo", "retryon", "s", "sc", "scr", "scri",
        "scrip", "script", "st", "sta", "stan", "stand", "standa", "standar", "standard", "standardi",
        "standardin", "standardinp", "standardinpu", "t", "w", "war", "warn", "warni", "warnin", "warning",
        "wo", "wor", "work")]
    public SwitchParameter __AmbiguousPrefix { get; set; }

    /// <summary>Whether the caller gave this parameter (a default is not a choice).</summary>
    internal bool IsBound(string parameter) => MyInvocation.BoundParameters.ContainsKey(parameter);

    /// <summary>The command this guardian runs, from the task parameters.</summary>
    internal HeroTaskDefinition Definition() => BuildDefinition();

    protected override void ProcessRecord()
    {
        if (ParameterSetName == WorkerSet)
        {
            int code = GuardianWorkerHost.Run(this, Worker);
            SessionState.PSVariable.Set("global:LASTEXITCODE", code);
            return;
        }

        GuardianSpecBuilder.Built built;
        try
        {
            built = new GuardianSpecBuilder(this).Build();
        }
        catch (HeroTaskDefinitionException e)
        {
            ThrowTerminatingError(GuardianCmdlet.Invalid(e));
            return;
        }

        string what = built.Spec.Mode == GuardianMode.KeepAlive ? "Keep running: " + built.Spec.Display : $"Every {Hero.Text.DurationParser.Format(Every)}: {built.Spec.Display}";
        if (built.Spec.Service is { } service)
        {
            string definition = GuardianService.Render(service, built.Spec.Name, built.Spec.WorkerCommand, built.Paths.Folder, built.Paths.WorkerLog, ServiceInstaller.StopTimeout(built.Spec));
            string file = GuardianService.DefinitionPath(service, built.Spec.Name, built.Paths.Folder);
            if (!ShouldProcess($"guardian '{built.Spec.Name}'", $"{what} (as the {service} service {GuardianService.ServiceName(service, built.Spec.Name)}, {file})"))
            {
                WriteHostLine($"{file}:{System.Environment.NewLine}{definition}", "HeroGuardianService");
                return;
            }
        }
        else if (!ShouldProcess($"guardian '{built.Spec.Name}'", what))
        {
            return;
        }

        try
        {
            HeroGuardianInfo info = RunPumped((_, cancel) => GuardianLauncher.LaunchAsync(built.Spec, built.Paths, built.WorkerStart, cancel));
            WriteObject(info);
        }
        catch (HeroGuardianException e)
        {
            WriteError(GuardianCmdlet.Error(e));
        }
    }
}
