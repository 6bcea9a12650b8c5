using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Hero.Logging;
using Hero.Processes;
using Hero.Tasks;
using Hero.Text;
using static Hero.Guardian.GuardianEvents;

namespace Hero.Guardian;

/// <summary>-KeepAlive: start the command, wait for it to end or for something to end it (a stop or
/// restart request, the probe, the watchdog, the memory limit, its -Timeout), end it with the stop
/// sequence, and start it again as the restart policy and the restart budget say.</summary>
internal sealed class KeepAliveLoop
{
    public const string HeartbeatVariable = "HERO_HEARTBEAT_FILE";

    private readonly GuardianRun _run;
    private readonly GuardianSpec _spec;
    private readonly RestartBudget _budget;
    private GuardedChild? _current;

    public KeepAliveLoop(GuardianRun run)
    {
        _run = run;
        _spec = run.Spec;
        _budget = new RestartBudget(
            TimeSpan.FromMilliseconds(_spec.RestartDelayMs), TimeSpan.FromMilliseconds(_spec.MaxRestartDelayMs),
            TimeSpan.FromMilliseconds(_spec.ResetAfterMs), _spec.MaxRestarts, TimeSpan.FromMilliseconds(_spec.RestartWindowMs));
    }

    /// <summary>How old the tree memory in the state may be.</summary>
    private static readonly TimeSpan MemorySampleAge = TimeSpan.FromSeconds(10);

    /// <summary>The running child's tree memory, for the heartbeat.</summary>
    public long? SampleMemory() => _current?.RecentSample(MemorySampleAge)?.ResidentBytes;

    public async Task<HeroGuardianState> RunAsync()
    {
        HeroTaskDefinition task = _spec.Task!.ToDefinition();
        task.Environment[HeartbeatVariable] = _run.Paths.HeartbeatFile;
        var encoding = task.Encoding ?? TaskRunner.DefaultEncoding;
        int restarts = 0;
        string? pendingRequest = null;
        for (int number = 1; ; number++)
        {
            if (_run.Control.Stopping.IsCancellationRequested) return _run.Stopped(null);
            string span = _run.Events.BeginRun(number);
            (int code, string reason, TimeSpan uptime, bool failed, bool stop, bool restart) = await OneRunAsync(task, encoding, span, pendingRequest).ConfigureAwait(false);
            pendingRequest = null;
            _run.Events.EndRun();
            if (stop || _run.Control.Stopping.IsCancellationRequested) return _run.Stopped(null);
            if (restart)
            {
                _budget.Reset();
                pendingRequest = _run.Control.TakeRestart();
                continue;
            }

            if (!ShouldRestart(code, failed))
            {
                string why = _spec.Restart == GuardianRestartPolicy.Never
                    ? "-Restart Never"
                    : $"exit code {code} is a success code (-Restart {_spec.Restart})";
                return _run.Stopped($"The command ended ({reason}, exit code {code}) and is not restarted: {why}.");
            }

            DateTime now = DateTime.UtcNow;
            TimeSpan? wait = _budget.Next(uptime, now);
            if (wait is null)
            {
                string message = $"Gave up after {restarts} restart(s) within {DurationParser.Format(TimeSpan.FromMilliseconds(_spec.RestartWindowMs))} (-MaxRestarts {_spec.MaxRestarts}); the last run ended with exit code {code} ({reason}).";
                _run.Events.Emit(HeroLogLevel.Error, "Guardian {Guardian} is Fatal: {Reason}", P("Reason", message), P("ExitCode", code), P("Restarts", restarts));
                _run.State.Update(s =>
                {
                    s.State = HeroGuardianState.Fatal;
                    s.Message = message;
                    s.NextRun = null;
                });
                return HeroGuardianState.Fatal;
            }

            restarts++;
            int count = restarts;
            _run.State.Update(s =>
            {
                s.State = HeroGuardianState.Backoff;
                s.Restarts = count;
                s.NextRun = now + wait.Value;
            });
            _run.Events.Emit(HeroLogLevel.Warning, "Guardian {Guardian}: restarting the command in {DelayMs} ms (restart {Restarts}, step {Step} of the curve)",
                P("DelayMs", Ms(wait.Value)), P("Restarts", count), P("Step", _budget.Step - 1), P("ExitCode", code));
            Task<string> restartRequest = _run.Control.RestartRequested;
            Task delay = Task.Delay(wait.Value, _run.Control.Stopping);
            await Task.WhenAny(delay, restartRequest).ConfigureAwait(false);
            if (_run.Control.Stopping.IsCancellationRequested) return _run.Stopped(null);
            if (restartRequest.IsCompleted)
            {
                _budget.Reset();
                pendingRequest = _run.Control.TakeRestart();
            }
        }
    }

    /// <summary>Always restarts after any end but an exit code given with -SuccessExitCode; OnFailure
    /// after a failure (a code outside the success codes, a signal, or a stop by a probe or a limit).</summary>
    private bool ShouldRestart(int code, bool failed)
    {
        if (_spec.Restart == GuardianRestartPolicy.Never) return false;
        if (!failed && _spec.SuccessExitCodes is { } explicitCodes && explicitCodes.Contains(code)) return false;
        return _spec.Restart == GuardianRestartPolicy.Always || failed;
    }

    private async Task<(int Code, string Reason, TimeSpan Uptime, bool Failed, bool Stop, bool Restart)> OneRunAsync(
        HeroTaskDefinition task, System.Text.Encoding encoding, string span, string? handledRequest)
    {
        TouchHeartbeatFile();
        var ended = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        GuardedChild child;
        LaunchPlan plan;
        try
        {
            plan = LaunchPlanner.Plan(task, encoding, _run.Events.TraceId, span);
            child = GuardedChild.Start(plan.Start, new GuardianOutputSink(_run.Output, encoding, Hero.Security.SecretMasker.Default), () => ended.TrySetResult("host exit"));
        }
        catch (Exception e) when (e is ProcessStartException or HeroTaskDefinitionException or IOException)
        {
            int failedCode = e is ProcessStartException start ? ExitCodes.Of(start.Kind) : ExitCodes.NotFound;
            _run.Events.Emit(HeroLogLevel.Error, "Guardian {Guardian}: the command could not start: {Reason}", P("Reason", e.Message));
            _run.Output.WriteLine($"[hero] {DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} the command could not start: {e.Message}");
            RecordExit(failedCode, "could not start: " + e.Message);
            _run.Handled(handledRequest);
            return (failedCode, "it could not start", TimeSpan.Zero, true, false, false);
        }

        using (child)
        {
            _current = child;
            _run.State.Update(s =>
            {
                s.State = HeroGuardianState.Running;
                s.ChildPid = child.Pid;
                s.ChildStartTicks = child.Identity.StartTicks;
                s.ChildProcessStart = child.Identity.StartTime;
                s.ChildMarker = child.Marker;
                s.ChildStartedAt = child.StartedAt;
                s.NextRun = null;
                s.Message = null;
                if (handledRequest is not null) s.HandledRequest = handledRequest;
            });
            _run.Events.Emit(HeroLogLevel.Information, "Guardian {Guardian} started the command (run {Run}, pid {Pid}): {Command}",
                P("Pid", child.Pid), P("Command", plan.DisplayCommand));

            using ChildProbe? probe = ChildProbe.Start(_spec.Probe, _run.HealthContext(task.WorkingDirectory ?? Environment.CurrentDirectory, task.GracePeriod), _run.Events,
                reason => ended.TrySetResult(reason));
            using ChildWatch? watch = ChildWatch.Start(child, _run.Paths.HeartbeatFile, TimeSpan.FromMilliseconds(_spec.WatchdogTimeoutMs), _spec.MaxMemoryBytes,
                reason => ended.TrySetResult(reason));
            using CancellationTokenRegistration onStop = _run.Control.Stopping.Register(() => ended.TrySetResult("stop"));
            using var deadline = new CancellationTokenSource();
            if (task.Timeout > TimeSpan.Zero && task.Timeout != Timeout.InfiniteTimeSpan)
            {
                deadline.CancelAfter(task.Timeout);
            }

            using CancellationTokenRegistration onDeadline = deadline.Token.Register(() => ended.TrySetResult($"its -Timeout of {DurationParser.Format(task.Timeout)} ran out"));
            Task<string> restartRequest = _run.Control.RestartRequested;
            _ = restartRequest.ContinueWith(_ => ended.TrySetResult("restart"), TaskScheduler.Default);

            await Task.WhenAny(child.Exited, ended.Task).ConfigureAwait(false);
            string? why = child.Exited.IsCompleted ? null : ended.Task.Result;
            int killed = 0;
            if (why is not null)
            {
                if (why is not ("stop" or "restart" or "host exit"))
                {
                    _run.Events.Emit(HeroLogLevel.Warning, "Guardian {Guardian}: ending the command (pid {Pid}): {Reason}", P("Pid", child.Pid), P("Reason", why));
                }

                TimeSpan grace = why == "host exit" ? HostExit.Bound(task.GracePeriod) : task.GracePeriod;
                killed = await child.StopAsync(grace).ConfigureAwait(false);
            }

            (ChildExit exit, int leftovers) = await child.FinishAsync(task.GracePeriod, stopped: why is not null).ConfigureAwait(false);
            child.Sink.Complete();
            _current = null;
            int code = exit.ConventionalCode;
            TimeSpan uptime = child.Uptime;
            string reason = why switch
            {
                null => exit.Signal is int signal ? $"killed by {AttemptRunner.SignalName(signal)}" : "exited",
                "stop" => "stopped on request",
                "restart" => "restarted on request",
                _ => "ended by " + why,
            };
            bool failed = why is not null || exit.Signal is not null || !(_spec.SuccessExitCodes ?? [0]).Contains(code);
            _run.Events.Emit(failed && why is null ? HeroLogLevel.Warning : HeroLogLevel.Information,
                "Guardian {Guardian}: the command (pid {Pid}) ended after {UptimeMs} ms with exit code {ExitCode}: {Reason}",
                P("Pid", child.Pid), P("UptimeMs", Ms(uptime)), P("ExitCode", code), P("Reason", reason), P("KilledProcessCount", killed + leftovers));
            RecordExit(code, reason);
            return (code, reason, uptime, failed, why is "stop" or "host exit", why == "restart");
        }
    }

    private void RecordExit(int code, string reason) => _run.State.Update(s =>
    {
        s.ChildPid = null;
        s.ChildStartedAt = null;
        s.LastExitCode = code;
        s.LastExitTime = DateTime.UtcNow;
        s.LastExitReason = reason;
        s.TreeMemoryBytes = null;
    });

    private void TouchHeartbeatFile()
    {
        try
        {
            using (new FileStream(_run.Paths.HeartbeatFile, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
            {
            }

            File.SetLastWriteTimeUtc(_run.Paths.HeartbeatFile, DateTime.UtcNow.AddSeconds(-1));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
