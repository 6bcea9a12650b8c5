using System;
using System.IO;
using System.Management.Automation;
using Hero.Backup;
using Hero.PowerShell.Binding;
using Hero.PowerShell.Hosting;

namespace Hero.PowerShell.Commands;

/// <summary>Restores a backup into an empty folder, after checking every artifact's hash.</summary>
[Cmdlet(VerbsData.Restore, "HeroBackup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(HeroRestoreResult))]
public sealed class RestoreHeroBackupCommand : HeroCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Destination { get; set; } = string.Empty;

    [Parameter]
    [DurationTransformation]
    public TimeSpan GitTimeout { get; set; } = TimeSpan.FromMinutes(10);

    [Parameter]
    [DurationTransformation(AllowInfinite = false)]
    public TimeSpan GracePeriod { get; set; } = HeroTaskDefinition.DefaultGracePeriod;

    protected override void ProcessRecord()
    {
        var options = new RestoreOptions
        {
            BackupPath = PathResolver.FileSystemPath(this, Path)!,
            Destination = PathResolver.FileSystemPath(this, Destination)!,
            GitTimeout = GitTimeout,
            GracePeriod = GracePeriod,
        };
        if (!ShouldProcess(options.Destination, $"Restore the backup {options.BackupPath}")) return;
        var preferences = HostTaskObserver.Preferences.Of(this);
        BackupHostObserver? observer = null;
        try
        {
            HeroRestoreResult result = RunPumped(async (pump, cancel) =>
            {
                observer = new BackupHostObserver(this, pump, new HostTaskObserver(this, pump, prefixLines: true, preferences), "Restore-HeroBackup", _ => false);
                return await BackupRestorer.RunAsync(options, observer, cancel).ConfigureAwait(false);
            });
            WriteObject(result);
        }
        catch (ArgumentException e)
        {
            string message = e.Message;
            int suffix = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
            if (suffix > 0) message = message.Substring(0, suffix);
            ThrowTerminatingError(new ErrorRecord(new ArgumentException($"-{e.ParamName}: {message}", e.ParamName), "HeroRestoreInvalidParameter", ErrorCategory.InvalidArgument, e.ParamName));
        }
        catch (Exception e) when (e is HeroRestoreException or InvalidDataException)
        {
            WriteError(new ErrorRecord(e, "HeroRestoreFailed", ErrorCategory.InvalidData, options.BackupPath));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            WriteError(new ErrorRecord(new HeroRestoreException($"The restore into {options.Destination} failed: {e.Message}"), "HeroRestoreFailed", ErrorCategory.WriteError, options.Destination));
        }
        finally
        {
            observer?.Complete();
        }
    }
}
