using System.Threading.Tasks;
using Hero.Backup;
using Hero.Heartbeats;
using Hero.Logging;
using Hero.Output;
using Hero.Resilience;

namespace Hero.Guardian;

/// <summary>What a duty's runners report, in a worker nobody watches: output lines go to the output
/// files, lifecycle events to the Hero log (as they do without an observer), and retention may remove
/// old backups without asking.</summary>
internal sealed class DutyObserver : IBackupObserver
{
    private readonly RotatingOutputLog _output;

    public DutyObserver(RotatingOutputLog output)
    {
        _output = output;
    }

    public void OnOutputLine(string taskName, OutputStreamKind stream, string line) => _output.WriteLine(Hero.Security.SecretMasker.Default.MaskValues(line));

    public void OnHeartbeat(TaskHeartbeat heartbeat)
    {
    }

    public void OnRetryWait(RetryWait wait)
    {
    }

    public bool Wants(HeroLogLevel level) => false;

    public void OnLog(HeroLogRecord record)
    {
    }

    public void OnProgress(BackupProgress progress)
    {
    }

    public Task<bool> ConfirmRemovalAsync(string folder) => Task.FromResult(true);
}
