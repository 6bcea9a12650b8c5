using System;
using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using System.Threading;
using Hero.Measurement;
using Hero.Text;

namespace Hero.PowerShell.Hosting;

/// <summary>Shows a measurement's progress: a progress bar with the runs done, the current mean and
/// the time left, updated at most ten times a second (writing progress costs more than a fast run);
/// in a non-interactive host (CI), a plain line every heartbeat interval instead, so the log never
/// goes silent. Called from the measuring thread; everything is written on the pipeline thread.</summary>
internal sealed class MeasurementHostObserver : IMeasurementObserver
{
    private static readonly long ProgressEvery = Stopwatch.Frequency / 10;

    private readonly HeroCmdlet _cmdlet;
    private readonly PipelinePump _pump;
    private readonly int _activityId;
    private readonly long _heartbeatEvery;
    private readonly bool _lines = HostEnvironment.IsNonInteractive;
    private long _lastProgress;
    private long _lastLine;
    private MeasurementPhase? _lastPhase;
    private int _shown;

    public MeasurementHostObserver(HeroCmdlet cmdlet, PipelinePump pump, TimeSpan heartbeatInterval)
    {
        _cmdlet = cmdlet;
        _pump = pump;
        _activityId = 8_000_000 + Math.Abs(cmdlet.GetHashCode() % 100_000);
        _heartbeatEvery = heartbeatInterval > TimeSpan.Zero ? (long)(heartbeatInterval.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;
        _lastLine = Stopwatch.GetTimestamp();
    }

    public void OnProgress(MeasurementProgress progress)
    {
        long now = Stopwatch.GetTimestamp();
        bool phaseChanged = progress.Phase != _lastPhase;
        _lastPhase = progress.Phase;
        if (_lines)
        {
            if (now - _lastLine >= _heartbeatEvery)
            {
                _lastLine = now;
                string line = $"[{progress.Target}] measuring: {Describe(progress)}";
                _pump.Post(() => _cmdlet.WriteHostLine(line, "heartbeat", progress.Target));
            }

            return;
        }

        if (!phaseChanged && now - _lastProgress < ProgressEvery) return;
        _lastProgress = now;
        Interlocked.Exchange(ref _shown, 1);
        var record = new ProgressRecord(_activityId, $"Measuring '{progress.Target}'", Describe(progress));
        if (progress.Phase == MeasurementPhase.Measuring && progress.RunsExpected > 0)
        {
            record.PercentComplete = (int)Math.Min(100, progress.RunsDone * 100L / progress.RunsExpected);
        }

        if (progress.TimeLeft is { } left) record.SecondsRemaining = (int)Math.Ceiling(left.TotalSeconds);
        _pump.Post(() => _cmdlet.WriteProgress(record));
    }

    public static string Describe(MeasurementProgress progress)
    {
        string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
        switch (progress.Phase)
        {
            case MeasurementPhase.Setup:
                return "setup";
            case MeasurementPhase.Cleanup:
                return "cleanup";
            case MeasurementPhase.Warmup:
                return $"warmup run {Invariant(progress.WarmupDone + 1)} of {Invariant(progress.WarmupTotal)}";
        }

        string text = $"run {Invariant(progress.RunsDone)} of {(progress.RunsKnown || progress.RunsDone >= progress.RunsExpected ? string.Empty : "~")}{Invariant(progress.RunsExpected)}";
        if (progress.CurrentMean is { } mean) text += ", mean " + MeasurementFormat.Duration(mean);
        if (progress.TimeLeft is { } left && progress.RunsDone < progress.RunsExpected) text += ", about " + DurationParser.Format(left) + " left";
        return text;
    }

    /// <summary>Closes the progress bar, if one was shown.</summary>
    public void Complete()
    {
        if (Volatile.Read(ref _shown) == 0) return;
        _pump.Post(() => _cmdlet.WriteProgress(new ProgressRecord(_activityId, "Measuring", "Done") { RecordType = ProgressRecordType.Completed }));
    }
}
