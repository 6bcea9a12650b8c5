using Hero.Batch;
using Hero.Heartbeats;
using Hero.Logging;
using Hero.Output;
using Hero.PowerShell.Reporting;

namespace Hero.PowerShell.Hosting;

/// <summary>A batch's reports on their way to the pipeline thread: each finished task becomes its
/// result object (and error record), its CI group and its JSON line, as soon as it ends.</summary>
internal sealed class BatchHostObserver : IBatchObserver
{
    private readonly HostTaskObserver _inner;
    private readonly PipelinePump _pump;
    private readonly TaskReporting _reporting;
    private readonly System.Action<HeroTaskResult> _emit;
    private readonly bool _liveOutput;

    public BatchHostObserver(HostTaskObserver inner, PipelinePump pump, TaskReporting reporting, System.Action<HeroTaskResult> emit)
    {
        _inner = inner;
        _pump = pump;
        _reporting = reporting;
        _emit = emit;

        // In CI, parallel tasks' lines would interleave inside one log: each task's output is shown
        // in its own group when it ends instead.
        _liveOutput = !reporting.UsesCi;
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
        _pump.Post(() =>
        {
            _reporting.TaskFinished(result, withGroup: true);
            _emit(result);
        });
    }
}
