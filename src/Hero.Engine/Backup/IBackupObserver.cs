using System.Threading.Tasks;
using Hero.Tasks;

namespace Hero.Backup;

/// <summary>What a backup or restore reports besides its result (git tasks report through the
/// ITaskObserver members). Called from any thread.</summary>
public interface IBackupObserver : ITaskObserver
{
    /// <summary>At most a few times a second.</summary>
    void OnProgress(BackupProgress progress);

    /// <summary>Asked before retention removes an old backup folder (ShouldProcess in the cmdlet).</summary>
    Task<bool> ConfirmRemovalAsync(string folder);
}
