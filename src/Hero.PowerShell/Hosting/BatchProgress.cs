using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;

namespace Hero.PowerShell.Hosting;

/// <summary>A batch's own progress bar, over its tasks' bars: how many are done and failed, and which
/// are running. Updated from any thread, at most five times a second; written on the pipeline thread.</summary>
internal sealed class BatchProgress
{
    private static readonly long MinTicksBetween = Stopwatch.Frequency / 5;

    private readonly HeroCmdlet _cmdlet;
    private readonly PipelinePump _pump;
    private readonly string _title;
    private readonly int _total;
    private readonly object _gate = new();
    private readonly List<string> _running = [];
    private int _done;
    private int _failed;
    private long _lastWritten;

    public BatchProgress(HeroCmdlet cmdlet, PipelinePump pump, string title, int total, int activityId)
    {
        _cmdlet = cmdlet;
        _pump = pump;
        _title = title;
        _total = total;
        ActivityId = activityId;
    }

    public int ActivityId { get; }

    public void Started(string task)
    {
        lock (_gate) _running.Add(task);
        Update(force: false);
    }

    public void Finished(HeroTaskResult result)
    {
        lock (_gate)
        {
            _running.Remove(result.Name);
            _done++;
            if (!result.Succeeded && result.Status != HeroTaskStatus.Skipped) _failed++;
        }

        Update(force: _done == _total);
    }

    private void Update(bool force)
    {
        long now = Stopwatch.GetTimestamp();
        string status;
        int percent;
        lock (_gate)
        {
            if (!force && now - _lastWritten < MinTicksBetween) return;
            _lastWritten = now;
            string running = _running.Count == 0 ? string.Empty : ", running: " + string.Join(", ", _running.Take(5)) + (_running.Count > 5 ? $" and {_running.Count - 5} more" : string.Empty);
            status = $"{_done} of {_total} done, {_failed} failed{running}";
            percent = _total == 0 ? 100 : _done * 100 / _total;
        }

        bool completed = _done == _total;
        _pump.Post(() => _cmdlet.WriteProgress(new ProgressRecord(ActivityId, _title, status)
        {
            PercentComplete = percent,
            RecordType = completed ? ProgressRecordType.Completed : ProgressRecordType.Processing,
        }));
    }
}
