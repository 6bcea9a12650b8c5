using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Hero.Correlation;
using Hero.Logging;
using Hero.Processes;
using Hero.Security;
using Hero.Tasks;
using static Hero.Logging.TaskLog;

namespace Hero.Measurement;

/// <summary>Measures one target as hyperfine does: -Setup once, the warmup runs, then timed runs until
/// the iteration rule is met, each with -Prepare before and -Conclude after it, and -Cleanup once at
/// the end. The first failing run ends the measurement unless failures are ignored.</summary>
public static class MeasurementRunner
{
    /// <exception cref="MeasurementFailedException">A run or a hook failed; carries the runs so far.</exception>
    /// <exception cref="HeroTaskDefinitionException">The target or the settings are not valid.</exception>
    /// <exception cref="OperationCanceledException">Ctrl+C; the running tree has been stopped.</exception>
    public static async Task<HeroMeasurement> RunAsync(MeasurementTarget target, MeasurementSettings settings, IMeasurementObserver observer, ITaskObserver logObserver, CancellationToken cancel)
    {
        settings.Validate();
        HeroTaskDefinition definition = target.Definition;
        if (target.Script is null) LaunchPlanner.Validate(definition);
        string traceId = definition.CorrelationId is { Length: > 0 } id ? TraceContext.ToTraceId(id) : TraceContext.SessionTraceId;
        var log = new TaskLog(target.Name, traceId, logObserver);
        Func<int, CancellationToken, Task<HeroMeasurementRun>> run;
        string command;
        if (target.Script is { } script)
        {
            command = "{ " + (definition.Command ?? "script block") + " }";
            run = (number, token) => ScriptRunAsync(script, definition, number, token);
        }
        else
        {
            LaunchPlan plan;
            try
            {
                plan = LaunchPlanner.Plan(definition, definition.Encoding ?? TaskRunner.DefaultEncoding, traceId, log.TaskSpanId);
            }
            catch (ProcessStartException e)
            {
                throw new MeasurementFailedException($"'{target.Name}' could not be started: {SecretMasker.Default.MaskAll(e.Message)}", target.Name, null,
                    ExitCodes.Of(e.Kind), null, startFailed: true);
            }

            command = plan.DisplayCommand;
            var runner = new ProcessRunner(plan.Start, definition, definition.Encoding ?? TaskRunner.DefaultEncoding);
            run = runner.RunAsync;
        }

        command = SecretMasker.Default.MaskAll(command);
        var measurement = new Measurement(target, settings, observer, log, command, run);
        log.Emit(HeroLogLevel.Information, "Measurement {Task} started: {Command}", [P("Command", command)]);
        try
        {
            HeroMeasurement result = await measurement.RunAsync(cancel).ConfigureAwait(false);
            log.Emit(HeroLogLevel.Information, "Measurement {Task} finished: {Runs} runs, mean {MeanMs} ms, median {MedianMs} ms",
                [
                    P("Runs", result.Runs.Count),
                    P("MeanMs", result.Mean.TotalMilliseconds),
                    P("MedianMs", result.Median.TotalMilliseconds),
                    P("StdDevMs", result.StdDev?.TotalMilliseconds),
                    P("P95Ms", result.P95.TotalMilliseconds),
                    P("PeakMemoryBytes", result.PeakMemoryMax),
                    P("Outliers", result.Outliers.Count),
                ]);
            return result;
        }
        catch (MeasurementFailedException e)
        {
            log.Emit(HeroLogLevel.Error, "Measurement {Task} failed: {Reason}", [P("Reason", e.Message)], hostReported: true);
            throw;
        }
    }

    private static async Task<HeroMeasurementRun> ScriptRunAsync(IMeasuredScript script, HeroTaskDefinition definition, int number, CancellationToken cancel)
    {
        DateTime startTime = DateTime.UtcNow;
        ScriptRunTiming timing = await script.RunAsync(TaskRunner.Limit(definition.Timeout), cancel).ConfigureAwait(false);
        cancel.ThrowIfCancellationRequested();
        return new HeroMeasurementRun
        {
            Number = number,
            StartTime = startTime,
            Duration = timing.Duration,
            ExitCode = timing.TimedOut ? ExitCodes.TimedOut : timing.Succeeded ? 0 : 1,
            Status = timing.TimedOut ? HeroTaskStatus.TimedOut : timing.Succeeded ? HeroTaskStatus.Succeeded : HeroTaskStatus.Failed,
            StdErr = timing.Message is null ? null : SecretMasker.Default.MaskAll(timing.Message),
        };
    }

    /// <summary>The state of one target's measurement.</summary>
    private sealed class Measurement(
        MeasurementTarget target,
        MeasurementSettings settings,
        IMeasurementObserver observer,
        TaskLog log,
        string command,
        Func<int, CancellationToken, Task<HeroMeasurementRun>> run)
    {
        private readonly List<HeroMeasurementRun> _runs = [];
        private readonly Stopwatch _clock = new();
        private readonly DateTime _startTime = DateTime.UtcNow;
        private double _sumSeconds;

        public async Task<HeroMeasurement> RunAsync(CancellationToken cancel)
        {
            await HookAsync(target.Setup, "-Setup", null, cancel).ConfigureAwait(false);
            bool completed = false;
            try
            {
                for (int warm = 1; warm <= settings.Warmup; warm++)
                {
                    Report(MeasurementPhase.Warmup, warm - 1);
                    await HookAsync(target.Prepare, "-Prepare", $"before warmup run {warm}", cancel).ConfigureAwait(false);
                    HeroMeasurementRun warmup = await StartAsync(0, cancel).ConfigureAwait(false);
                    if (warmup.Status != HeroTaskStatus.Succeeded && !settings.IgnoreExitCode)
                    {
                        throw Failed(warmup, $"Warmup run {warm} of '{target.Name}'", partial: null);
                    }

                    await HookAsync(target.Conclude, "-Conclude", $"after warmup run {warm}", cancel).ConfigureAwait(false);
                }

                _clock.Start();
                while (!settings.IsDone(_runs.Count, _clock.Elapsed))
                {
                    Report(MeasurementPhase.Measuring, settings.Warmup);
                    int number = _runs.Count + 1;
                    await HookAsync(target.Prepare, "-Prepare", $"before run {number}", cancel).ConfigureAwait(false);
                    HeroMeasurementRun timed = await StartAsync(number, cancel).ConfigureAwait(false);
                    _runs.Add(timed);
                    _sumSeconds += Seconds.Of(timed.Duration);
                    if (HeroLog.IsEnabled(HeroLogLevel.Debug))
                    {
                        log.Emit(HeroLogLevel.Debug, "Measurement {Task} run {Run}: {DurationMs} ms, exit code {ExitCode}",
                            [P("Run", number), P("DurationMs", timed.Duration.TotalMilliseconds), P("ExitCode", timed.ExitCode)]);
                    }

                    if (timed.Status != HeroTaskStatus.Succeeded && !settings.IgnoreExitCode)
                    {
                        throw Failed(timed, $"Run {number} of '{target.Name}'", Summarize());
                    }

                    await HookAsync(target.Conclude, "-Conclude", $"after run {number}", cancel).ConfigureAwait(false);
                }

                _clock.Stop();
                Report(MeasurementPhase.Measuring, settings.Warmup);
                completed = true;
            }
            finally
            {
                // After a failure too, so the next target (or the next attempt) finds a clean state;
                // not after Ctrl+C, which must end everything within the grace period.
                if (!cancel.IsCancellationRequested)
                {
                    Report(MeasurementPhase.Cleanup, settings.Warmup);
                    string? problem = target.Cleanup is null ? null : await target.Cleanup.Run(cancel).ConfigureAwait(false);
                    if (problem is not null && completed)
                    {
                        throw HookFailed("-Cleanup", null, problem);
                    }
                }
            }

            return Summarize()!;
        }

        private async Task<HeroMeasurementRun> StartAsync(int number, CancellationToken cancel)
        {
            try
            {
                return await run(number, cancel).ConfigureAwait(false);
            }
            catch (ProcessStartException e)
            {
                throw new MeasurementFailedException($"'{target.Name}' could not be started: {SecretMasker.Default.MaskAll(e.Message)}",
                    target.Name, number == 0 ? null : number, ExitCodes.Of(e.Kind),
                    Summarize(), startFailed: true);
            }
        }

        private MeasurementFailedException Failed(HeroMeasurementRun failed, string what, HeroMeasurement? partial)
        {
            string how = failed.Status switch
            {
                HeroTaskStatus.TimedOut => $"timed out after {MeasurementFormat.Duration(failed.Duration)} (-Timeout); its process tree was stopped",
                HeroTaskStatus.Stalled => "stalled (no output for -StallTimeout); its process tree was stopped",
                _ when failed.ExitCode > ExitCodes.SignalBase && failed.ExitCode < ExitCodes.SignalBase + 65 && target.Script is null
                    => $"was ended by signal {failed.ExitCode - ExitCodes.SignalBase} (exit code {failed.ExitCode})",
                _ => $"failed with exit code {failed.ExitCode}",
            };
            string detail = LastLines(failed.StdErr);
            string message = $"{what} {how}. Use -IgnoreExitCode to measure failing runs too." + (detail.Length > 0 ? " stderr: " + detail : string.Empty);
            return new MeasurementFailedException(message, target.Name, failed.Number == 0 ? null : failed.Number, failed.ExitCode, partial);
        }

        private async Task HookAsync(MeasurementHook? hook, string parameter, string? when, CancellationToken cancel)
        {
            if (hook is null) return;
            string? problem = await hook.Run(cancel).ConfigureAwait(false);
            cancel.ThrowIfCancellationRequested();
            if (problem is not null) throw HookFailed(parameter, when, problem);
        }

        private MeasurementFailedException HookFailed(string parameter, string? when, string problem) =>
            new($"{parameter} of '{target.Name}'{(when is null ? string.Empty : " " + when)} failed: {SecretMasker.Default.MaskAll(problem)}",
                target.Name, null, null, Summarize());

        private void Report(MeasurementPhase phase, int warmupDone)
        {
            TimeSpan elapsed = _clock.Elapsed;
            int expected = settings.ExpectedRuns(_runs.Count, elapsed);
            TimeSpan? mean = _runs.Count > 0 ? Seconds.ToTimeSpan(_sumSeconds / _runs.Count) : null;
            TimeSpan? left = _runs.Count > 0 ? TimeSpan.FromTicks(elapsed.Ticks / _runs.Count * Math.Max(0, expected - _runs.Count)) : null;
            observer.OnProgress(new MeasurementProgress(target.Name, phase, warmupDone, settings.Warmup, _runs.Count, expected, mean, elapsed, left, settings.Iterations is not null));
        }

        private HeroMeasurement? Summarize() =>
            _runs.Count == 0
                ? null
                : MeasurementSummary.Build(_runs, new MeasurementSummary.Context(
                    target.Name,
                    command,
                    settings.Warmup,
                    target.Parameters,
                    target.Script is null ? ProcessRunner.CpuSource : null,
                    target.Script is null ? ProcessRunner.MemorySource : null,
                    target.Prepare is not null,
                    _startTime,
                    DateTime.UtcNow));

        private static string LastLines(string? text)
        {
            if (string.IsNullOrWhiteSpace(text)) return string.Empty;
            string[] lines = text!.TrimEnd().Split('\n');
            int first = Math.Max(0, lines.Length - 3);
            return string.Join(" | ", lines, first, lines.Length - first).Trim();
        }
    }
}
