using System;
using System.Management.Automation;
using System.Threading.Tasks;
using Hero.Backup;
using Hero.Heartbeats;
using Hero.Logging;
using Hero.Output;
using Hero.Resilience;
using Hero.Text;

namespace Hero.PowerShell.Hosting;

/// <summary>A backup's or restore's reports on their way to the pipeline thread: git's lifecycle
/// through the task observer, files and bytes done as a progress bar, and retention's question put
/// to ShouldProcess.</summary>
internal sealed class BackupHostObserver : IBackupObserver
{
    private readonly HeroCmdlet _cmdlet;
    private readonly PipelinePump _pump;
    private readonly HostTaskObserver _inner;
    private readonly Func<string, bool> _confirmRemoval;
    private readonly int _activityId;
    private readonly string _activity;

    public BackupHostObserver(HeroCmdlet cmdlet, PipelinePump pump, HostTaskObserver inner, string activity, Func<string, bool> confirmRemoval)
    {
        _cmdlet = cmdlet;
        _pump = pump;
        _inner = inner;
        _activity = activity;
        _confirmRemoval = confirmRemoval;
        _activityId = Math.Abs(cmdlet.GetHashCode() % 100_000) * 100 + 99;
    }

    public void OnOutputLine(string taskName, OutputStreamKind stream, string line) => _inner.OnOutputLine(taskName, stream, line);

    public void OnHeartbeat(TaskHeartbeat heartbeat) => _inner.OnHeartbeat(heartbeat);

    public void OnRetryWait(RetryWait wait) => _inner.OnRetryWait(wait);

    public bool Wants(HeroLogLevel level) => _inner.Wants(level);

    public void OnLog(HeroLogRecord record) => _inner.OnLog(record);

    public void OnProgress(BackupProgress progress)
    {
        string status = $"{progress.FilesDone} of {progress.FilesTotal} files, {SizeParser.Format(progress.BytesDone)} of {SizeParser.Format(progress.BytesTotal)}";
        int percent = progress.BytesTotal > 0 ? (int)Math.Min(100, progress.BytesDone * 100 / progress.BytesTotal) : 100;
        _pump.Post(() => _cmdlet.WriteProgress(new ProgressRecord(_activityId, $"{_activity}: {progress.Activity}", status)
        {
            PercentComplete = percent,
            CurrentOperation = progress.Current ?? string.Empty,
        }));
    }

    public Task<bool> ConfirmRemovalAsync(string folder) => _pump.InvokeAsync(() => _confirmRemoval(folder));

    /// <summary>Closes the progress bar; on the pipeline thread, after the work (also after Ctrl+C,
    /// when the pipeline may take nothing more).</summary>
    public void Complete() => _cmdlet.CompleteProgress(_activityId, _activity);
}
