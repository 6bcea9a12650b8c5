using Hero.Batch;
using Hero.Heartbeats;
using Hero.Logging;
using Hero.Output;
using Hero.PowerShell.Reporting;

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

    /// <param name="liveOutput">Whether output lines are shown as they come (else only in the CI group).</param>
    public BatchHostObserver(HostTaskObserver inner, PipelinePump pump, TaskReporting reporting, bool liveOutput, System.Action<HeroTaskResult> emit)
    {
        _inner = inner;
        _pump = pump;
        _reporting = reporting;
        _emit = emit;
        _liveOutput = liveOutput;
    }

    public void OnOutputLine(string taskName, OutputStreamKind stream, string line)
    {
        if (_liveOutput) _inner.OnOutputLine(taskName, stream, line);
    }

    public void OnLog(HeroLogRecord record) => _inner.OnLog(record);

    public bool Wants(HeroLogLevel level) => _inner.Wants(level);

    public void OnHeartbeat(TaskHeartbeat heartbeat) => _inner.OnHeartbeat(heartbeat);

    public void OnTaskFinished(HeroTaskResult result)
    {
        _reporting.WriteResultLine(result);
        _reporting.Record(result);
        _inner.CompleteProgress(result.Name);
        _pump.Post(() => _emit(result));
    }
}
