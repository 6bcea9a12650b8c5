using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.Management.Automation;
using Hero.Logging;
using Hero.Output;
using Hero.Text;

namespace Hero.Commands.Infrastructure;

/// <summary>Carries what the engine reports onto the pipeline thread: output lines as host
/// information (tags stdout/stderr), lifecycle messages as Verbose/Warning, heartbeats as progress
/// and, in a non-interactive host, as a plain line while the task is silent.</summary>
internal sealed class HostTaskObserver : ITaskObserver
{
    private readonly HeroCmdlet _cmdlet;
    private readonly PipelinePump _pump;
    private readonly bool _prefixLines;
    private readonly ConcurrentDictionary<string, int> _activityIds = new();
    private readonly HeroLogConsole _console = HeroLog.Settings.Console;
    private int _nextActivityId;

    public HostTaskObserver(HeroCmdlet cmdlet, PipelinePump pump, bool prefixLines)
    {
        _cmdlet = cmdlet;
        _pump = pump;
        _prefixLines = prefixLines;
        _nextActivityId = Math.Abs(cmdlet.GetHashCode() % 100_000) * 100;
    }

    public void OnOutputLine(string taskName, OutputStreamKind stream, string line)
    {
        string text = _prefixLines ? "[" + taskName + "] " + line : line;
        string tag = stream == OutputStreamKind.StdOut ? "stdout" : "stderr";
        _pump.Post(() => _cmdlet.WriteHostLine(text, tag, taskName));
    }

    public void OnLog(HeroLogRecord record) => _pump.Post(() => LogRelay.Show(_cmdlet, record, _console));

    public void OnHeartbeat(TaskHeartbeat heartbeat)
    {
        string status = Describe(heartbeat);
        int activityId = ActivityId(heartbeat.TaskName);
        bool silent = HostEnvironment.IsNonInteractive && heartbeat.IdleTime.Ticks >= heartbeat.Interval.Ticks * 9 / 10;
        _pump.Post(() =>
        {
            var record = new ProgressRecord(activityId, heartbeat.TaskName, status);
            if (heartbeat.TimeLeft is { } left && left > TimeSpan.Zero)
            {
                record.SecondsRemaining = (int)Math.Ceiling(left.TotalSeconds);
            }

            _cmdlet.WriteProgress(record);
            if (silent)
            {
                _cmdlet.WriteHostLine($"[{heartbeat.TaskName}] heartbeat: {status}", "heartbeat", heartbeat.TaskName);
            }
        });
    }

    /// <summary>Closes the progress bars this observer opened.</summary>
    public void CompleteProgress(string taskName)
    {
        if (!_activityIds.TryGetValue(taskName, out int activityId)) return;
        _pump.Post(() => _cmdlet.WriteProgress(new ProgressRecord(activityId, taskName, "Done") { RecordType = ProgressRecordType.Completed }));
    }

    private int ActivityId(string taskName) => _activityIds.GetOrAdd(taskName, _ => System.Threading.Interlocked.Increment(ref _nextActivityId));

    internal static string Describe(TaskHeartbeat heartbeat)
    {
        var parts = new System.Collections.Generic.List<string>
        {
            "running " + DurationParser.Format(heartbeat.Elapsed),
        };
        if (heartbeat.Attempt > 1) parts.Add("attempt " + heartbeat.Attempt.ToString(CultureInfo.InvariantCulture));
        if (heartbeat.TimeLeft is { } left) parts.Add(DurationParser.Format(left < TimeSpan.Zero ? TimeSpan.Zero : left) + " left");
        parts.Add("last output " + DurationParser.Format(heartbeat.IdleTime) + " ago");
        if (heartbeat.TreeMemoryBytes is { } memory) parts.Add(SizeParser.Format(memory) + " in " + heartbeat.ProcessCount + " process(es)");
        if (heartbeat.TreeCpuTime is { } cpu) parts.Add("cpu " + DurationParser.Format(cpu));
        return string.Join(", ", parts);
    }
}
