using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Hero.Heartbeats;
using Hero.Logging;
using Hero.Output;
using Hero.Processes;
using Hero.Text;
using Hero.Threading;
using static Hero.Logging.TaskLog;

namespace Hero.Tasks;

/// <summary>Runs one attempt of a process task: start it in its kill group, watch the stall timer and
/// the stop token (deadlines and Ctrl+C), run the stop sequence when one fires, clear leftovers of
/// the tree, drain output with a bound, and describe what happened.</summary>
internal static class AttemptRunner
{
    /// <summary>How long output may keep the task open after the child exited (a grandchild holding
    /// the pipes); what is already in the pipes is still read.</summary>
    internal static readonly TimeSpan PostExitDrain = TimeSpan.FromSeconds(1);

    /// <param name="stop">Cancelled when the attempt must end: its deadline, the task's deadline
    /// (both from the resilience pipeline) or Ctrl+C.</param>
    /// <param name="userCancel">Cancelled only by Ctrl+C: tells a cancellation from a timeout.</param>
    public static async Task<AttemptOutcome> RunAsync(LaunchPlan plan, AttemptSettings settings, TaskLog log, ITaskObserver observer, CancellationToken stop, CancellationToken userCancel)
    {
        DateTime startTime = DateTime.UtcNow;
        Action<OutputStreamKind, string>? onLine = settings.Quiet
            ? null
            : (stream, line) => observer.OnOutputLine(settings.TaskName, stream, line);
        using var capture = new OutputCapture(settings.Encoding, settings.MaxOutputBytes, settings.OutputPath, onLine, appendTee: settings.Attempt > 1);

        IChildProcess child;
        try
        {
            HostExit.Hook();
            child = ChildProcess.Start(plan.Start, capture);
        }
        catch (ProcessStartException e)
        {
            return AttemptOutcome.StartFailed(e, startTime);
        }

        using (child)
        {
            var clock = Stopwatch.StartNew();
            log.Emit(HeroLogLevel.Information, "Task {Task} attempt {Attempt} started (pid {Pid}): {Command}",
                [P("Pid", child.Id), P("Command", plan.DisplayCommand)]);

            var stopRequested = new TaskCompletionSource<StopReason>(TaskCreationOptions.RunContinuationsAsynchronously);
            using StallWatch? stall = settings.StallTimeout > TimeSpan.Zero
                ? new StallWatch(capture, settings.StallTimeout, () => stopRequested.TrySetResult(StopReason.Stalled))
                : null;
            using CancellationTokenRegistration stopped = stop.Register(() =>
                stopRequested.TrySetResult(userCancel.IsCancellationRequested ? StopReason.Cancelled : StopReason.TimedOut));
            using IDisposable hostExit = HostExit.Watch(child, () => stopRequested.TrySetResult(StopReason.HostExiting));
            using var sampler = new ResourceSampler(child);
            using TaskHeartbeatTimer? heartbeat = settings.HeartbeatInterval > TimeSpan.Zero
                ? new TaskHeartbeatTimer(child, capture, settings, clock, log, observer, sampler)
                : null;

            await Task.WhenAny(child.Exited, stopRequested.Task).ConfigureAwait(false);
            // A host exit wins even over an exit of the child: the rest of its tree still gets the
            // bounded stop sequence, and the result says why.
            StopReason reason = stopRequested.Task is { IsCompleted: true, Result: StopReason.HostExiting }
                ? StopReason.HostExiting
                : child.Exited.IsCompleted ? StopReason.None : stopRequested.Task.Result;
            int killed = 0;
            if (reason == StopReason.HostExiting)
            {
                killed = await TreeTerminator.StopAsync(child, HostExit.Bound(settings.GracePeriod)).ConfigureAwait(false);
                log.Emit(HeroLogLevel.Warning, "Task {Task} stopped: the host is exiting on {HostExitReason}; ended {KilledProcessCount} process(es)",
                    [P("HostExitReason", HostExit.Reason), P("KilledProcessCount", killed), P("ElapsedMs", Ms(clock.Elapsed))]);
            }
            else if (reason != StopReason.None)
            {
                LogStop(reason, settings, capture, clock, log);
                killed = await TreeTerminator.StopAsync(child, settings.GracePeriod).ConfigureAwait(false);
            }

            bool exited = await child.Exited.CompletesWithin(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            if (reason == StopReason.None)
            {
                // The child is done; anything it left running in its kill group goes too.
                await child.OutputClosed.CompletesWithin(TimeSpan.FromMilliseconds(50)).ConfigureAwait(false);
                if (child.MayHaveLeftovers() && child.TreeHasLiveMembers())
                {
                    killed += await TreeTerminator.StopAsync(child, settings.GracePeriod).ConfigureAwait(false);
                }
            }

            if (killed > 0 && reason != StopReason.HostExiting)
            {
                log.Emit(HeroLogLevel.Information, "Task {Task} ended {KilledProcessCount} process(es) of its tree",
                    [P("KilledProcessCount", killed), P("Reason", reason == StopReason.None ? "left running" : reason.ToString())]);
            }

            // After a stop the whole budget is the grace period plus about a second: read what is
            // left for a moment only.
            TimeSpan drain = reason == StopReason.None ? PostExitDrain : TimeSpan.FromMilliseconds(200);
            if (!await child.OutputClosed.CompletesWithin(drain).ConfigureAwait(false))
            {
                child.AbandonOutput();
                await child.OutputClosed.CompletesWithin(TimeSpan.FromMilliseconds(500)).ConfigureAwait(false);
                log.Emit(HeroLogLevel.Debug, "Task {Task}: output was still held open after the child exited; stopped reading", []);
            }

            heartbeat?.Dispose();
            sampler.Dispose();
            capture.Complete();
            if (capture.TeeError is { } teeError)
            {
                log.Emit(HeroLogLevel.Warning, "Task {Task}: {Problem}", [P("Problem", teeError)]);
            }

            ChildExit exit = exited ? child.Collect() : ChildExit.Unknown;
            if (sampler.PeakResidentBytes is long sampled && (exit.PeakMemoryBytes is null || sampled > exit.PeakMemoryBytes))
            {
                exit = exit with { PeakMemoryBytes = sampled };
            }

            return Describe(reason, exit, capture, settings, killed, startTime);
        }
    }

    private static void LogStop(StopReason reason, AttemptSettings settings, OutputCapture capture, Stopwatch clock, TaskLog log)
    {
        switch (reason)
        {
            case StopReason.TimedOut:
                (string deadline, TimeSpan value) = settings.FiredDeadline();
                log.Emit(HeroLogLevel.Warning, "Task {Task} timed out: the {Deadline} of {Timeout} ran out; stopping its process tree",
                    [P("Deadline", deadline), P("Timeout", DurationParser.Format(value)), P("TimeoutMs", Ms(value)), P("ElapsedMs", Ms(clock.Elapsed)), P("GracePeriodMs", Ms(settings.GracePeriod))]);
                break;
            case StopReason.Stalled:
                log.Emit(HeroLogLevel.Warning, "Task {Task} stalled: no output for {IdleMs} ms; stopping its process tree",
                    [P("IdleMs", Ms(capture.IdleTime)), P("StallTimeoutMs", Ms(settings.StallTimeout))]);
                break;
            default:
                log.Emit(HeroLogLevel.Warning, "Task {Task} cancelled after {ElapsedMs} ms; stopping its process tree",
                    [P("ElapsedMs", Ms(clock.Elapsed))]);
                break;
        }
    }

    private static AttemptOutcome Describe(StopReason reason, ChildExit exit, OutputCapture capture, AttemptSettings settings, int killed, DateTime startTime)
    {
        HeroTaskStatus status;
        int code;
        string? message;
        switch (reason)
        {
            case StopReason.TimedOut:
                status = HeroTaskStatus.TimedOut;
                code = ExitCodes.TimedOut;
                (string deadline, TimeSpan value) = settings.FiredDeadline();
                message = $"The {deadline} of {DurationParser.Format(value)} ran out.";
                break;
            case StopReason.Stalled:
                status = HeroTaskStatus.Stalled;
                code = ExitCodes.TimedOut;
                message = $"Stalled: no output for {DurationParser.Format(settings.StallTimeout)}.";
                break;
            case StopReason.Cancelled:
                status = HeroTaskStatus.Cancelled;
                code = ExitCodes.Cancelled;
                message = "Cancelled.";
                break;
            case StopReason.HostExiting:
                status = HeroTaskStatus.Cancelled;
                code = ExitCodes.Cancelled;
                message = $"Stopped: the host is exiting on {HostExit.Reason}.";
                break;
            default:
                code = exit.ConventionalCode;
                if (exit.Signal is int signal)
                {
                    status = HeroTaskStatus.Failed;
                    message = $"Killed by signal {signal} ({SignalName(signal)}).";
                }
                else if (exit.ExitCode is null)
                {
                    status = HeroTaskStatus.Failed;
                    message = "The exit status was lost (another process reaped the child).";
                }
                else if (Array.IndexOf(settings.SuccessExitCodes, code) >= 0)
                {
                    status = HeroTaskStatus.Succeeded;
                    message = null;
                }
                else
                {
                    status = HeroTaskStatus.Failed;
                    message = $"Exited with code {code}.";
                }

                break;
        }

        if (killed > 0 && reason != StopReason.None)
        {
            message += AttemptOutcome.EndedProcesses(killed);
        }

        if (capture.TeeError is { } teeError)
        {
            message = (message is null ? string.Empty : message + " ") + teeError;
        }

        return new AttemptOutcome(status, code, exit.Signal, message, capture.StdOut, capture.StdErr, capture.Truncated,
            exit.CpuTime, exit.PeakMemoryBytes, killed, startTime, DateTime.UtcNow);
    }

    internal static string SignalName(int signal) => signal switch
    {
        1 => "SIGHUP",
        2 => "SIGINT",
        3 => "SIGQUIT",
        6 => "SIGABRT",
        9 => "SIGKILL",
        11 => "SIGSEGV",
        13 => "SIGPIPE",
        14 => "SIGALRM",
        15 => "SIGTERM",
        _ => "signal " + signal.ToString(CultureInfo.InvariantCulture),
    };
}
