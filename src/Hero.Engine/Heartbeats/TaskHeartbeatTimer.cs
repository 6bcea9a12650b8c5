using System;
using System.Diagnostics;
using System.Threading;
using Hero.Logging;
using Hero.Output;
using Hero.Processes;
using Hero.Tasks;
using static Hero.Logging.TaskLog;

namespace Hero.Heartbeats;

/// <summary>A running attempt's heartbeat: every interval it samples the tree (memory, CPU), tells
/// the host (progress, and a line when the task is silent in CI) and writes a heartbeat event.</summary>
internal sealed class TaskHeartbeatTimer : IDisposable
{
    private readonly IChildProcess _child;
    private readonly OutputCapture _capture;
    private readonly AttemptSettings _settings;
    private readonly Stopwatch _clock;
    private readonly TaskLog _log;
    private readonly ITaskObserver _observer;
    private readonly ResourceSampler _sampler;
    private readonly Timer _timer;

    // Timer.Dispose does not wait for a callback already running: a beat that starts after the
    // attempt ended must not report anything (a stale progress bar, a late log event).
    private readonly object _gate = new();
    private bool _stopped;

    public TaskHeartbeatTimer(IChildProcess child, OutputCapture capture, AttemptSettings settings, Stopwatch clock, TaskLog log, ITaskObserver observer, ResourceSampler sampler)
    {
        _child = child;
        _capture = capture;
        _settings = settings;
        _clock = clock;
        _log = log;
        _observer = observer;
        _sampler = sampler;
        _timer = new Timer(_ => Beat(), null, settings.HeartbeatInterval, settings.HeartbeatInterval);
    }

    public void Dispose()
    {
        lock (_gate) _stopped = true;
        _timer.Dispose();
    }

    private void Beat()
    {
        if (!TryEnter()) return;
        try
        {
            TreeSample? sample = _child.SampleTree();
            _sampler.Record(sample);
            var beat = new TaskHeartbeat(_settings.TaskName, _settings.Attempt, _settings.HeartbeatInterval, _clock.Elapsed, _settings.TimeLeftOnTask(),
                _capture.IdleTime, sample?.ProcessCount, sample?.ResidentBytes, sample?.CpuTime, _capture.AnyOutput);
            _observer.OnHeartbeat(beat);
            _log.Emit(HeroLogLevel.Information,
                "Task {Task} heartbeat: running {ElapsedMs} ms, last output {IdleMs} ms ago, {TreeMemoryBytes} bytes in {ProcessCount} process(es)",
                [
                    P("ElapsedMs", Ms(beat.Elapsed)),
                    P("IdleMs", Ms(beat.IdleTime)),
                    P("TreeMemoryBytes", beat.TreeMemoryBytes),
                    P("ProcessCount", beat.ProcessCount),
                    P("TreeCpuMs", beat.TreeCpuTime is { } cpu ? Ms(cpu) : null),
                    P("TimeLeftMs", beat.TimeLeft is { } left ? Ms(left) : null),
                    P("Heartbeat", true),
                ]);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A heartbeat must never take the task down.
        }
        finally
        {
            Monitor.Exit(_gate);
        }
    }

    private bool TryEnter()
    {
        Monitor.Enter(_gate);
        if (!_stopped) return true;
        Monitor.Exit(_gate);
        return false;
    }
}
