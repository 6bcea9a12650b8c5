using System;
using System.Collections;
using System.IO;
using System.Management.Automation;
using System.Text;
using Hero.Commands.Infrastructure;
using Hero.Resilience;
using Hero.Tasks;

namespace Hero.Commands;

/// <summary>Runs a command under a deadline, in its own kill group, and returns what happened.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "HeroTask", DefaultParameterSetName = FilePathSet)]
[OutputType(typeof(HeroTaskResult))]
public sealed class InvokeHeroTaskCommand : HeroCmdlet
{
    private const string FilePathSet = "FilePath";
    private const string CommandSet = "Command";
    private const string ScriptPathSet = "ScriptPath";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = FilePathSet)]
    [ValidateNotNullOrEmpty]
    public string FilePath { get; set; } = string.Empty;

    [Parameter(Position = 1, ValueFromRemainingArguments = true, ParameterSetName = FilePathSet)]
    [Parameter(Position = 1, ValueFromRemainingArguments = true, ParameterSetName = ScriptPathSet)]
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
    public string ScriptPath { get; set; } = string.Empty;

    [Parameter(ParameterSetName = ScriptPathSet)]
    [ValidateNotNullOrEmpty]
    public string? PowerShellHost { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

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
    public TimeSpan Timeout { get; set; } = HeroTaskDefinition.DefaultTimeout;

    [Parameter]
    [DurationTransformation]
    public TimeSpan AttemptTimeout { get; set; } = System.Threading.Timeout.InfiniteTimeSpan;

    [Parameter]
    [DurationTransformation]
    public TimeSpan StallTimeout { get; set; } = TimeSpan.Zero;

    [Parameter]
    [DurationTransformation(AllowInfinite = false)]
    public TimeSpan GracePeriod { get; set; } = HeroTaskDefinition.DefaultGracePeriod;

    [Parameter]
    [DurationTransformation(AllowInfinite = false)]
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
    [ValidateRange(0, int.MaxValue)]
    public int RetryCount { get; set; }

    [Parameter]
    [DurationTransformation(AllowInfinite = false)]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    [Parameter]
    [DurationTransformation]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    [Parameter]
    public RetryBackoff RetryBackoff { get; set; } = RetryBackoff.Exponential;

    [Parameter]
    public SwitchParameter NoJitter { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public int[]? RetryOnExitCode { get; set; }

    [Parameter]
    public SwitchParameter RetryOnTimeout { get; set; }

    [Parameter]
    [ValidateNotNull]
    public ScriptBlock? RetryIf { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public int[] SuccessExitCode { get; set; } = [0];

    protected override void ProcessRecord()
    {
        HeroTaskDefinition definition = BuildDefinition();
        try
        {
            TaskRunner.Validate(definition);
        }
        catch (HeroTaskDefinitionException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, "HeroTaskInvalidParameter", ErrorCategory.InvalidArgument, definition));
        }

        RetryDecisionException? retryIfFailed = null;
        HeroTaskResult result = RunPumped(async pump =>
        {
            var observer = new HostTaskObserver(this, pump, prefixLines: false);
            if (RetryIf is { } retryIf)
            {
                definition.RetryIf = attempt => pump.InvokeAsync(() => RetryIfAnswer(retryIf, attempt));
            }

            try
            {
                return await TaskRunner.RunAsync(definition, observer, StopToken).ConfigureAwait(false);
            }
            catch (RetryDecisionException e)
            {
                retryIfFailed = e;
                return e.LastResult;
            }
            finally
            {
                observer.CompleteProgress(TaskRunner.NameOf(definition));
            }
        });

        SessionState.PSVariable.Set("global:LASTEXITCODE", result.ExitCode);
        WriteObject(result);
        if (retryIfFailed is not null)
        {
            WriteError(new ErrorRecord(retryIfFailed, "HeroRetryIfFailed", ErrorCategory.InvalidOperation, result));
        }
        else if (TaskErrors.For(result) is { } error)
        {
            WriteError(error);
        }
    }

    /// <summary>Runs on the pipeline thread: $_ is the attempt's result.</summary>
    private static bool RetryIfAnswer(ScriptBlock retryIf, HeroTaskResult attempt)
    {
        var variables = new System.Collections.Generic.List<PSVariable> { new("_", attempt), new("PSItem", attempt) };
        return LanguagePrimitives.IsTrue(retryIf.InvokeWithContext(null, variables));
    }

    private HeroTaskDefinition BuildDefinition()
    {
        var definition = new HeroTaskDefinition
        {
            Name = Name,
            WorkingDirectory = PathResolver.FileSystemPath(this, WorkingDirectory) ?? PathResolver.CurrentDirectory(this),
            Environment = DictionaryConversion.ToEnvironment(Environment),
            StandardInput = StandardInput,
            StandardInputPath = PathResolver.FileSystemPath(this, StandardInputPath),
            CorrelationId = CorrelationId,
            Timeout = Timeout,
            AttemptTimeout = AttemptTimeout,
            StallTimeout = StallTimeout,
            GracePeriod = GracePeriod,
            HeartbeatInterval = HeartbeatInterval,
            Encoding = Encoding,
            Quiet = Quiet,
            MaxOutputBytes = MaxOutputBytes,
            OutputPath = PathResolver.FileSystemPath(this, OutputPath),
            ArgumentList = ArgumentList ?? [],
            RetryCount = RetryCount,
            RetryDelay = RetryDelay,
            MaxRetryDelay = MaxRetryDelay,
            RetryBackoff = RetryBackoff,
            Jitter = !NoJitter,
            RetryOnExitCode = RetryOnExitCode,
            RetryOnTimeout = RetryOnTimeout,
            SuccessExitCode = SuccessExitCode,
        };

        switch (ParameterSetName)
        {
            case CommandSet:
                definition.Kind = HeroTaskKind.Shell;
                definition.Command = Command;
                break;
            case ScriptPathSet:
                definition.Kind = HeroTaskKind.Script;
                definition.ScriptPath = PathResolver.FileSystemPath(this, ScriptPath);
                definition.PowerShellHost = PowerShellHost ?? HostEnvironment.CurrentPowerShell(PSHome);
                break;
            default:
                definition.Kind = HeroTaskKind.Process;
                definition.FilePath = HasDirectory(FilePath) ? PathResolver.FileSystemPath(this, FilePath) : FilePath;
                break;
        }

        return definition;
    }

    private string PSHome => (string)SessionState.PSVariable.GetValue("PSHOME");

    private static bool HasDirectory(string path) =>
        path.IndexOf('/') >= 0 || path.IndexOf(Path.DirectorySeparatorChar) >= 0 || path.StartsWith("~", StringComparison.Ordinal);
}
