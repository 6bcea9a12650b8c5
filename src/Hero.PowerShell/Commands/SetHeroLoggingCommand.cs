using System.Management.Automation;
using Hero.Logging;
using Hero.PowerShell.Binding;
using Hero.PowerShell.Hosting;

namespace Hero.PowerShell.Commands;

/// <summary>Configures the process's Hero log: file, format, level, rolling, and what reaches the host.
/// Settings not given keep their current value.</summary>
[Cmdlet(VerbsCommon.Set, "HeroLogging", SupportsShouldProcess = true, DefaultParameterSetName = FileSet)]
[OutputType(typeof(HeroLoggingConfiguration))]
public sealed class SetHeroLoggingCommand : HeroCmdlet
{
    private const string FileSet = "File";
    private const string DisableSet = "Disable";

    [Parameter(Position = 0, ParameterSetName = FileSet)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = DisableSet)]
    public SwitchParameter DisableFile { get; set; }

    [Parameter]
    public HeroLogFormat Format { get; set; }

    [Parameter]
    public HeroLogLevel MinimumLevel { get; set; }

    [Parameter(ParameterSetName = FileSet)]
    [SizeTransformation]
    [ValidateRange(1024L, long.MaxValue)]
    public long MaxFileSize { get; set; }

    [Parameter(ParameterSetName = FileSet)]
    [ValidateRange(1, 10_000)]
    public int RetainedFileCount { get; set; }

    [Parameter]
    public HeroLogConsole Console { get; set; }

    /// <summary>Makes this the session's trace id from now on (a non-hex id is hashed into one).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CorrelationId { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        HeroLoggingConfiguration settings = HeroLog.Settings;
        if (DisableFile) settings.Path = null;
        if (Path is not null) settings.Path = PathResolver.FileSystemPath(this, Path);
        if (Bound(nameof(Format))) settings.Format = Format;
        if (Bound(nameof(MinimumLevel))) settings.MinimumLevel = MinimumLevel;
        if (Bound(nameof(MaxFileSize))) settings.MaxFileSize = MaxFileSize;
        if (Bound(nameof(RetainedFileCount))) settings.RetainedFileCount = RetainedFileCount;
        if (Bound(nameof(Console))) settings.Console = Console;

        string target = settings.Path ?? "(no file)";
        if (!ShouldProcess(target, $"Log {settings.MinimumLevel} and above as {settings.Format}, console {settings.Console}"))
        {
            return;
        }

        string? warning;
        try
        {
            warning = HeroLog.Configure(settings);
        }
        catch (System.ArgumentException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, "HeroLoggingInvalidPath", ErrorCategory.InvalidArgument, settings.Path));
            return;
        }

        if (CorrelationId is not null)
        {
            Correlation.TraceContext.OverrideForSession(Correlation.TraceContext.ToTraceId(CorrelationId));
        }

        if (warning is not null)
        {
            WriteWarning(warning);
        }

        if (PassThru)
        {
            WriteObject(HeroLog.Settings);
        }
    }

    private bool Bound(string name) => MyInvocation.BoundParameters.ContainsKey(name);
}
