using Hero.Batch;
using Hero.Heartbeats;
using Hero.Logging;
using Hero.Output;
using Hero.PowerShell.Reporting;
using Hero.Resilience;

namespace Hero.PowerShell.Hosting;

/// <summary>A batch's reports on their way to the pipeline thread: each finished task becomes its
/// JSON line and report entry at once, and its result, error record and CI group on the pipeline
/// thread (<c>emit</c>).</summary>
internal sealed class BatchHostObserver : IBatchObserver
{
    private readonly HostTaskObserver _inner;
    private readonly PipelinePump _pump;
    private readonly TaskReporting _reporting;
    private readonly System.Action<HeroTaskResult> _emit;
    private readonly bool _liveOutput;

    private readonly BatchProgress? _progress;

    /// <param name="liveOutput">Whether output lines are shown as they come (else only in the CI group).</param>
    /// <param name="progress">The batch's own progress bar, for a batch of more than one task.</param>
    public BatchHostObserver(HostTaskObserver inner, PipelinePump pump, TaskReporting reporting, bool liveOutput, BatchProgress? progress, System.Action<HeroTaskResult> emit)
    {
        _inner = inner;
        _pump = pump;
        _reporting = reporting;
        _emit = emit;
        _liveOutput = liveOutput;
        _progress = progress;
        if (progress is not null) inner.ParentActivityId = progress.ActivityId;
    }

    public void OnTaskStarted(string taskName) => _progress?.Started(taskName);

    public void OnOutputLine(string taskName, OutputStreamKind stream, string line)
    {
        if (_liveOutput) _inner.OnOutputLine(taskName, stream, line);
    }

    public void OnLog(HeroLogRecord record) => _inner.OnLog(record);

    public bool Wants(HeroLogLevel level) => _inner.Wants(level);

    public void OnHeartbeat(TaskHeartbeat heartbeat) => _inner.OnHeartbeat(heartbeat);

    public void OnRetryWait(RetryWait wait) => _inner.OnRetryWait(wait);

    public void OnTaskFinished(HeroTaskResult result)
    {
        _reporting.WriteResultLine(result);
        _reporting.Record(result);
        _inner.CompleteProgress(result.Name);
        _progress?.Finished(result);
        _pump.Post(() => _emit(result));
    }
}
