using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Hero.Correlation;
using Hero.Logging;
using Hero.Security;
using Hero.Tasks;
using Hero.Text;

namespace Hero.Health;

/// <summary>Runs health checks in parallel: at most ThrottleLimit at once, each under its own
/// timeout, all under one global deadline, Ctrl+C stopping everything. A check that runs a program
/// is awaited through its stop sequence, so no process outlives it; an in-process check that does not
/// honour its token (a hung network drive, a blocking call) is abandoned at its deadline, never
/// waited for: a timeout that cannot fire is what this replaces.</summary>
/// <remarks>Its own small runner rather than the batch runner: checks have no dependencies, no
/// fail-fast and no shards, they produce health verdicts rather than task results, in-process checks
/// are not tasks at all, and a check still waiting for a slot when the global deadline passes is
/// TimedOut rather than Skipped. Command checks still run through the engine's TaskRunner.</remarks>
public static class HealthRunner
{
    /// <param name="onFinished">Called once per check as it ends, from any thread.</param>
    /// <returns>The results in the order of <paramref name="checks"/>.</returns>
    public static async Task<IReadOnlyList<HeroHealthResult>> RunAsync(
        IReadOnlyList<HealthCheck> checks, HealthRunOptions options, HealthContext context, Action<HeroHealthResult>? onFinished, CancellationToken cancel)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        TimeSpan limit = TaskRunner.Limit(options.Timeout);
        if (limit != Timeout.InfiniteTimeSpan) deadline.CancelAfter(limit);
        using var slots = new SemaphoreSlim(Math.Max(1, options.ThrottleLimit));
        var run = new Run(context, limit, deadline.Token, cancel, onFinished);
        HeroHealthResult[] results = await Task.WhenAll(checks.Select(check => run.OneAsync(check, slots))).ConfigureAwait(false);
        return results;
    }

    private sealed class Run(HealthContext context, TimeSpan globalLimit, CancellationToken deadline, CancellationToken userCancel, Action<HeroHealthResult>? onFinished)
    {
        public async Task<HeroHealthResult> OneAsync(HealthCheck check, SemaphoreSlim slots)
        {
            try
            {
                await slots.WaitAsync(deadline).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return Finish(check, Stopped(HealthVerdict.StoppedFromOutside(), beforeStart: true), DateTime.UtcNow, TimeSpan.Zero);
            }

            if (deadline.IsCancellationRequested)
            {
                // A slot freed by a check the deadline stopped: too late to start this one.
                slots.Release();
                return Finish(check, Stopped(HealthVerdict.StoppedFromOutside(), beforeStart: true), DateTime.UtcNow, TimeSpan.Zero);
            }

            DateTime started = DateTime.UtcNow;
            var clock = Stopwatch.StartNew();
            HealthVerdict verdict;
            try
            {
                verdict = await ExecuteAsync(check).ConfigureAwait(false);
            }
            finally
            {
                slots.Release();
            }

            if (verdict.Stopped) verdict = Stopped(verdict, beforeStart: false);
            return Finish(check, verdict, started, clock.Elapsed);
        }

        private async Task<HealthVerdict> ExecuteAsync(HealthCheck check)
        {
            if (check.StartsProcess)
            {
                // The check's timeout is its task's deadline; the task runs its stop sequence on
                // either, so this await is bounded by timeout + grace.
                return await Guarded(() => check.CheckAsync(context, deadline), deadline).ConfigureAwait(false);
            }

            using var own = CancellationTokenSource.CreateLinkedTokenSource(deadline);
            TimeSpan limit = TaskRunner.Limit(check.Timeout);
            if (limit != Timeout.InfiniteTimeSpan) own.CancelAfter(limit);
            Task<HealthVerdict> work = Task.Run(() => Guarded(() => check.CheckAsync(context, own.Token), own.Token), CancellationToken.None);
            var stopped = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            using (own.Token.Register(() => stopped.TrySetResult(true)))
            {
                if (await Task.WhenAny(work, stopped.Task).ConfigureAwait(false) == work) return await work.ConfigureAwait(false);
            }

            if (deadline.IsCancellationRequested) return HealthVerdict.StoppedFromOutside();
            return new HealthVerdict(HeroHealthStatus.TimedOut, null, null, $"The check did not finish within its timeout of {DurationParser.Format(check.Timeout)}.");
        }

        private static async Task<HealthVerdict> Guarded(Func<Task<HealthVerdict>> check, CancellationToken token)
        {
            try
            {
                return await check().ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return HealthVerdict.StoppedFromOutside();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return HealthVerdict.Error($"The check failed: {e.Message}");
            }
        }

        /// <summary>Ctrl+C, or the global deadline: which one stopped the check.</summary>
        private HealthVerdict Stopped(HealthVerdict verdict, bool beforeStart)
        {
            if (userCancel.IsCancellationRequested)
            {
                return verdict with { Status = HeroHealthStatus.Error, Message = beforeStart ? "Cancelled before it started." : "Cancelled (the run was stopped)." };
            }

            string when = beforeStart ? "before the check could start" : "before the check finished";
            return verdict with { Status = HeroHealthStatus.TimedOut, Message = $"The run's global deadline of {DurationParser.Format(globalLimit)} ran out {when}." };
        }

        private HeroHealthResult Finish(HealthCheck check, HealthVerdict verdict, DateTime started, TimeSpan duration)
        {
            var result = new HeroHealthResult
            {
                Name = check.Name,
                Kind = check.Kind,
                Status = verdict.Status,
                Value = verdict.Value,
                Threshold = verdict.Threshold,
                Message = SecretMasker.Default.MaskAll(verdict.Message),
                OutputTail = verdict.OutputTail is null ? null : SecretMasker.Default.MaskAll(verdict.OutputTail),
                StartTime = started,
                Duration = duration,
                Fix = check.Fix is { } fix ? SecretMasker.Default.MaskAll(LaunchPlanner.Display(fix.FilePath!, fix.ArgumentList)) : null,
            };
            Log(result, context.Observer);
            onFinished?.Invoke(result);
            return result;
        }
    }

    internal static void Log(HeroHealthResult result, ITaskObserver observer)
    {
        HeroLogLevel level = result.Status switch
        {
            HeroHealthStatus.Healthy => HeroLogLevel.Information,
            HeroHealthStatus.Warning => HeroLogLevel.Warning,
            _ => HeroLogLevel.Error,
        };
        new TaskLog(result.Name, TraceContext.SessionTraceId, observer).Emit(level,
            "Health check {Task} ({Kind}): {Status} in {DurationMs} ms: {Reason}",
            [
                TaskLog.P("Kind", result.Kind),
                TaskLog.P("Status", result.Status.ToString()),
                TaskLog.P("DurationMs", TaskLog.Ms(result.Duration)),
                TaskLog.P("Reason", result.Message),
            ],
            hostReported: true);
    }
}
