using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using Hero.Heartbeats;
using Hero.Logging;
using Hero.Output;
using Hero.PowerShell.Binding;
using Hero.PowerShell.Heartbeats;
using Hero.Resilience;
using Hero.Security;
using Hero.Tasks;
using Hero.Text;

namespace Hero.PowerShell.Hosting;

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
    private readonly bool _verbose;
    private readonly bool _debug;
    private int _nextActivityId;

    /// <summary>What the caller wants shown, read on the pipeline thread before any work starts.</summary>
    internal readonly record struct Preferences(bool Verbose, bool Debug)
    {
        public static Preferences Of(HeroCmdlet cmdlet) =>
            new(Preference(cmdlet, "VerbosePreference", "Verbose"), Preference(cmdlet, "DebugPreference", "Debug"));
    }

    public HostTaskObserver(HeroCmdlet cmdlet, PipelinePump pump, bool prefixLines, Preferences preferences)
    {
        _cmdlet = cmdlet;
        _pump = pump;
        _prefixLines = prefixLines;
        _verbose = preferences.Verbose;
        _debug = preferences.Debug;
        _nextActivityId = Math.Abs(cmdlet.GetHashCode() % 100_000) * 100;
    }

    /// <summary>Every live line passes here, whoever produced it (a child's pipe, a runspace), so
    /// this is where secrets are masked.</summary>
    public void OnOutputLine(string taskName, OutputStreamKind stream, string line)
    {
        line = SecretMasker.Default.MaskAll(line);
        string text = _prefixLines ? "[" + taskName + "] " + line : line;
        string tag = stream == OutputStreamKind.StdOut ? "stdout" : "stderr";
        _pump.Post(() => _cmdlet.WriteHostLine(text, tag, taskName));
    }

    public void OnLog(HeroLogRecord record)
    {
        if (Wants(record.Level))
        {
            _pump.Post(() => LogRelay.Show(_cmdlet, record, _console));
        }
    }

    /// <summary>Warnings and errors always (Auto/On); information with -Console On or -Verbose;
    /// debug with -Debug. Decided once, on the pipeline thread.</summary>
    public bool Wants(HeroLogLevel level) => level switch
    {
        >= HeroLogLevel.Warning => _console != HeroLogConsole.Off || _verbose,
        HeroLogLevel.Information => _console == HeroLogConsole.On || _verbose,
        HeroLogLevel.Debug => _debug || _verbose,
        _ => _verbose,
    };

    public void OnHeartbeat(TaskHeartbeat heartbeat)
    {
        int activityId = ActivityId(heartbeat.TaskName);

        // The line goes to a log nobody watches live; a tree already gone has nothing to report.
        bool silent = HostEnvironment.IsNonInteractive && heartbeat.IdleTime.Ticks >= heartbeat.Interval.Ticks * 9 / 10 && heartbeat.ProcessCount != 0;
        _pump.Post(() =>
        {
            _cmdlet.WriteProgress(HeartbeatProgress.Record(heartbeat, activityId, HeartbeatProgress.Describe(heartbeat, withTimeLeft: false), ParentActivityId));
            if (silent)
            {
                _cmdlet.WriteHostLine($"[{heartbeat.TaskName}] heartbeat: {HeartbeatProgress.Describe(heartbeat, withTimeLeft: true)}", "heartbeat", heartbeat.TaskName);
            }
        });
    }

    /// <summary>The wait before the next attempt, on the task's progress bar: what failed, which attempt
    /// comes, and the time to it.</summary>
    public void OnRetryWait(RetryWait wait)
    {
        int activityId = ActivityId(wait.Name);
        string reason = wait.Reason.Length > 80 ? wait.Reason.Substring(0, 77) + "..." : wait.Reason;
        string status = $"attempt {wait.FailedAttempt} failed ({reason}); attempt {wait.NextAttempt} of {wait.MaxAttempts} in {DurationParser.Format(wait.Delay)}";
        _pump.Post(() => _cmdlet.WriteProgress(new ProgressRecord(activityId, wait.Name, SecretMasker.Default.MaskAll(status))
        {
            SecondsRemaining = (int)Math.Ceiling(wait.Delay.TotalSeconds),
            ParentActivityId = ParentActivityId,
        }));
    }

    /// <summary>The batch's own progress bar, which every task's bar sits under (-1: none).</summary>
    public int ParentActivityId { get; set; } = -1;

    /// <summary>Closes the progress bars this observer opened.</summary>
    public void CompleteProgress(string taskName)
    {
        if (!_activityIds.TryGetValue(taskName, out int activityId)) return;
        _pump.Post(() => _cmdlet.WriteProgress(new ProgressRecord(activityId, taskName, "Done") { RecordType = ProgressRecordType.Completed }));
    }

    private int ActivityId(string taskName) => _activityIds.GetOrAdd(taskName, _ => NewActivityId());

    /// <summary>A progress activity id no other bar of this call uses.</summary>
    public int NewActivityId() => System.Threading.Interlocked.Increment(ref _nextActivityId);

    /// <summary>-Verbose/-Debug on the call, or the preference variable in scope.</summary>
    private static bool Preference(HeroCmdlet cmdlet, string variable, string switchName)
    {
        if (cmdlet.MyInvocation.BoundParameters.TryGetValue(switchName, out object? bound))
        {
            return bound is SwitchParameter s ? s.IsPresent : LanguagePrimitives.IsTrue(bound);
        }

        object? value = DictionaryConversion.Unwrap(cmdlet.GetVariableValue(variable));
        return value is ActionPreference preference && preference is not ActionPreference.SilentlyContinue and not ActionPreference.Ignore;
    }
}
