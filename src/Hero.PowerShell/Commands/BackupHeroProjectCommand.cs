using System;
using System.IO;
using System.IO.Compression;
using System.Management.Automation;
using Hero.Backup;
using Hero.PowerShell.Binding;
using Hero.PowerShell.Hosting;

namespace Hero.PowerShell.Commands;

/// <summary>Backs a project up into &lt;destination&gt;/&lt;yyyy-MM-dd&gt;/&lt;HHmmss&gt; (UTC): project.zip built
/// in-process and repo.bundle from git, with meta/last.json, retention and a lock.</summary>
[Cmdlet(VerbsData.Backup, "HeroProject", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(HeroBackupResult))]
public sealed class BackupHeroProjectCommand : HeroCmdlet
{
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    public string? Destination { get; set; }

    [Parameter]
    [ValidateNotNull]
    public string[] Include { get; set; } = [];

    [Parameter]
    [ValidateNotNull]
    public string[] Exclude { get; set; } = [];

    [Parameter]
    [ValidateRange(1, 10000)]
    public int MaxBackups { get; set; } = BackupOptions.DefaultMaxBackups;

    [Parameter]
    public CompressionLevel CompressionLevel { get; set; } = CompressionLevel.Optimal;

    [Parameter]
    [DurationTransformation]
    public TimeSpan GitTimeout { get; set; } = TimeSpan.FromMinutes(10);

    [Parameter]
    [ValidateRange(0, 10)]
    public int GitRetryCount { get; set; } = 2;

    [Parameter]
    [DurationTransformation(AllowInfinite = false)]
    public TimeSpan GitRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    [Parameter]
    [DurationTransformation(AllowInfinite = false)]
    public TimeSpan GracePeriod { get; set; } = HeroTaskDefinition.DefaultGracePeriod;

    protected override void EndProcessing()
    {
        string here = PathResolver.CurrentDirectory(this);
        string source = Path is null ? GitRepository.FindTopLevel(here) ?? here : PathResolver.FileSystemPath(this, Path)!;
        if (!Directory.Exists(source)) Invalid(new ArgumentException($"-Path: the folder '{source}' does not exist.", nameof(Path)));
        var options = new BackupOptions
        {
            Source = source,
            Destination = PathResolver.FileSystemPath(this, Destination),
            Include = Include,
            Exclude = Exclude,
            MaxBackups = MaxBackups,
            CompressionLevel = CompressionLevel,
            GitTimeout = GitTimeout,
            GitRetryCount = GitRetryCount,
            GitRetryDelay = GitRetryDelay,
            GracePeriod = GracePeriod,
        };
        if (!ShouldProcess(source, $"Back up into {options.ResolvedDestination}"))
        {
            base.EndProcessing();
            return;
        }

        var preferences = HostTaskObserver.Preferences.Of(this);
        BackupHostObserver? observer = null;
        HeroBackupResult result;
        try
        {
            result = RunPumped(async (pump, cancel) =>
            {
                observer = new BackupHostObserver(this, pump, new HostTaskObserver(this, pump, prefixLines: true, preferences), "Backup-HeroProject",
                    folder => ShouldProcess(folder, "Remove the old backup"));
                return await BackupRunner.RunAsync(options, observer, cancel).ConfigureAwait(false);
            });
        }
        catch (BackupLockedException e)
        {
            WriteError(new ErrorRecord(e, "HeroBackupLocked", ErrorCategory.ResourceBusy, e.LockPath));
            base.EndProcessing();
            return;
        }
        catch (ArgumentException e)
        {
            Invalid(e);
            return;
        }
        finally
        {
            observer?.Complete();
        }

        WriteObject(result);
        if (!result.Ok)
        {
            string reasons = string.Join("; ", System.Linq.Enumerable.Select(System.Linq.Enumerable.Where(result.Artifacts, a => !a.Ok && !a.Skipped), a => $"{a.Type}: {a.Reason}"));
            WriteError(new ErrorRecord(new HeroBackupException($"The backup {result.Path} is incomplete: {reasons}", result), "HeroBackupFailed", ErrorCategory.WriteError, result));
        }

        base.EndProcessing();
    }

    private void Invalid(ArgumentException e)
    {
        string message = e.Message;
        int suffix = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        if (suffix > 0) message = message.Substring(0, suffix);
        if (e.ParamName is { } name && !message.StartsWith("-", StringComparison.Ordinal)) message = $"-{name}: {message}";
        ThrowTerminatingError(new ErrorRecord(new ArgumentException(message, e.ParamName), "HeroBackupInvalidParameter", ErrorCategory.InvalidArgument, e.ParamName));
    }
}
