using System;
using System.Diagnostics;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Hero.Output;
using Hero.Processes;
using Hero.Security;
using Hero.Tasks;
using Hero.Threading;

namespace Hero.Measurement;

/// <summary>Runs a process target once per call, in its own kill group, and times it from Hero's own
/// spawn to the moment the exit is seen, so PowerShell's overhead around the call is not in it. A
/// timeout or stall ends the tree with the stop sequence; what the child leaves running is ended
/// after its exit, as Invoke-HeroTask does. CPU and memory cover the whole tree.</summary>
internal sealed class ProcessRunner
{
    /// <summary>Enough of stderr to say why a run failed.</summary>
    private const int StdErrTailBytes = 4096;

    private readonly ChildStartInfo _start;
    private readonly Encoding _encoding;
    private readonly int[] _successCodes;
    private readonly TimeSpan _timeout;
    private readonly TimeSpan _grace;
    private readonly TimeSpan _stallTimeout;
    private readonly string? _outputPath;
    private bool _teeStarted;

    public ProcessRunner(ChildStartInfo start, HeroTaskDefinition definition, Encoding encoding)
    {
        _start = start;
        _encoding = encoding;
        _successCodes = definition.SuccessExitCode.Length == 0 ? [0] : definition.SuccessExitCode;
        _timeout = TaskRunner.Limit(definition.Timeout);
        _grace = definition.GracePeriod;
        _stallTimeout = definition.StallTimeout;
        _outputPath = definition.OutputPath is null ? null : System.IO.Path.GetFullPath(definition.OutputPath);
    }

    public static HeroMeasurementSource? CpuSource => ChildProcess.IsWindows ? HeroMeasurementSource.JobObject : HeroMeasurementSource.Rusage;

    public static HeroMeasurementSource? MemorySource => ChildProcess.IsWindows ? HeroMeasurementSource.JobObject : HeroMeasurementSource.Sampling;

    /// <exception cref="ProcessStartException">The program could not be started.</exception>
    /// <exception cref="OperationCanceledException">Ctrl+C; the tree has been stopped.</exception>
    public async Task<HeroMeasurementRun> RunAsync(int number, CancellationToken cancel)
    {
        DateTime startTime = DateTime.UtcNow;
        using var capture = new OutputCapture(_encoding, StdErrTailBytes, _outputPath, onLine: null, appendTee: _teeStarted);
        _teeStarted |= _outputPath is not null;
        long started = Stopwatch.GetTimestamp();
        IChildProcess child = ChildProcess.Start(_start, capture);
        using (child)
        {
            using TreeAccountant? accountant = ChildProcess.IsWindows ? null : new TreeAccountant(child, cpu: ChildProcess.IsLinux);
            StopReason reason = await WaitForExitAsync(child, capture, cancel).ConfigureAwait(false);
            if (reason != StopReason.None)
            {
                await TreeTerminator.StopAsync(child, _grace).ConfigureAwait(false);
            }

            bool exited = await child.Exited.CompletesWithin(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            long ended = exited && child.Exited.Result.ExitTimestamp != 0 ? child.Exited.Result.ExitTimestamp : Stopwatch.GetTimestamp();
            if (reason == StopReason.None)
            {
                // The run is over when the child is; anything it left running in its kill group goes too.
                await child.OutputClosed.CompletesWithin(TimeSpan.FromMilliseconds(50)).ConfigureAwait(false);
                if (child.MayHaveLeftovers() && child.TreeHasLiveMembers())
                {
                    accountant?.Sample();
                    await TreeTerminator.StopAsync(child, _grace).ConfigureAwait(false);
                }
            }

            TimeSpan drain = reason == StopReason.None ? AttemptRunner.PostExitDrain : TimeSpan.FromMilliseconds(200);
            if (!await child.OutputClosed.CompletesWithin(drain).ConfigureAwait(false))
            {
                child.AbandonOutput();
                await child.OutputClosed.CompletesWithin(TimeSpan.FromMilliseconds(500)).ConfigureAwait(false);
            }

            accountant?.Stop();
            capture.Complete();
            ChildExit exit = exited ? child.Collect() : ChildExit.Unknown;
            if (reason == StopReason.Cancelled)
            {
                throw new OperationCanceledException(cancel);
            }

            return Describe(number, startTime, Seconds.FromStopwatch(ended - started), reason, exit, accountant, capture);
        }
    }

    private async Task<StopReason> WaitForExitAsync(IChildProcess child, OutputCapture capture, CancellationToken cancel)
    {
        if (child.Exited.IsCompleted) return StopReason.None;
        var stop = new TaskCompletionSource<StopReason>(TaskCreationOptions.RunContinuationsAsynchronously);
        using CancellationTokenRegistration cancelled = cancel.Register(() => stop.TrySetResult(StopReason.Cancelled));
        using Timer? deadline = _timeout == Timeout.InfiniteTimeSpan
            ? null
            : new Timer(_ => stop.TrySetResult(StopReason.TimedOut), null, _timeout, Timeout.InfiniteTimeSpan);
        using StallWatch? stall = _stallTimeout > TimeSpan.Zero
            ? new StallWatch(capture, _stallTimeout, () => stop.TrySetResult(StopReason.Stalled))
            : null;
        await Task.WhenAny(child.Exited, stop.Task).ConfigureAwait(false);
        return child.Exited.IsCompleted ? StopReason.None : stop.Task.Result;
    }

    private HeroMeasurementRun Describe(int number, DateTime startTime, TimeSpan duration, StopReason reason, ChildExit exit, TreeAccountant? accountant, OutputCapture capture)
    {
        HeroTaskStatus status;
        int code;
        switch (reason)
        {
            case StopReason.TimedOut:
                (status, code) = (HeroTaskStatus.TimedOut, ExitCodes.TimedOut);
                break;
            case StopReason.Stalled:
                (status, code) = (HeroTaskStatus.Stalled, ExitCodes.TimedOut);
                break;
            default:
                code = exit.ConventionalCode;
                status = exit.ExitCode is not null && Array.IndexOf(_successCodes, code) >= 0 ? HeroTaskStatus.Succeeded : HeroTaskStatus.Failed;
                break;
        }

        TimeSpan? user = exit.UserTime;
        TimeSpan? system = exit.SystemTime;
        long? peak = exit.PeakMemoryBytes;
        if (accountant is not null)
        {
            (TimeSpan unwaitedUser, TimeSpan unwaitedSystem) = accountant.UnwaitedCpu;
            if (user is not null) user += unwaitedUser;
            if (system is not null) system += unwaitedSystem;
            if (accountant.PeakResidentBytes is long sampled && (peak is null || sampled > peak)) peak = sampled;
        }

        return new HeroMeasurementRun
        {
            Number = number,
            StartTime = startTime,
            Duration = duration,
            UserTime = user,
            SystemTime = system,
            PeakMemoryBytes = peak,
            ExitCode = code,
            Status = status,
            StdErr = status == HeroTaskStatus.Succeeded ? null : SecretMasker.Default.MaskAll(capture.StdErr),
        };
    }
}
