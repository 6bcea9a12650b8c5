using System;
using System.Threading;
using System.Threading.Tasks;
using Hero.Logging;
using Hero.Resilience;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Hero.Tasks;

/// <summary>The Polly pipeline around a task's attempts: the task's total deadline outermost (it
/// also bounds the waits), then the retries, then each attempt's own deadline. Polly cancels; the
/// attempt turns that cancellation into the stop sequence. No Polly type leaves this namespace.</summary>
internal static class TaskPipeline
{
    public static ResiliencePipeline<AttemptOutcome> Build(
        HeroTaskDefinition definition,
        TaskLog log,
        Func<AttemptOutcome, int, HeroTaskResult> describeAttempt)
    {
        TimeSpan total = TaskRunner.Limit(definition.Timeout);
        TimeSpan perAttempt = TaskRunner.Limit(definition.AttemptTimeout);
        if (definition.RetryCount == 0)
        {
            // Without retries the pipeline holds only the two deadlines: build each pair once.
            var key = (total, perAttempt);
            if (DeadlineOnly.TryGetValue(key, out ResiliencePipeline<AttemptOutcome>? cached)) return cached;
            ResiliencePipeline<AttemptOutcome> built = Assemble(total, null, perAttempt);
            if (DeadlineOnly.Count < 64) DeadlineOnly[key] = built;
            return built;
        }

        RetryStrategyOptions<AttemptOutcome>? retry = null;
        if (definition.RetryCount > 0)
        {
            var schedule = new RetrySchedule(definition.RetryDelay, definition.MaxRetryDelay, definition.RetryBackoff, definition.Jitter);
            retry = new RetryStrategyOptions<AttemptOutcome>
            {
                MaxRetryAttempts = definition.RetryCount,
                // Polly asks even after the last attempt; -RetryIf must not run for nothing.
                ShouldHandle = args => args.Outcome.Result is { } outcome && args.AttemptNumber < definition.RetryCount
                    ? ShouldRetry(definition, outcome, args.AttemptNumber + 1, describeAttempt)
                    : new ValueTask<bool>(false),
                DelayGenerator = args => new ValueTask<TimeSpan?>(schedule.Next(args.AttemptNumber)),
                OnRetry = args =>
                {
                    AttemptOutcome? failed = args.Outcome.Result;
                    log.Emit(HeroLogLevel.Information,
                        "Task {Task} attempt {Attempt} " + Describe(failed) + "; retrying in {DelayMs} ms (attempt {NextAttempt} of {MaxAttempts})",
                        [
                            TaskLog.P("ExitCode", failed?.ExitCode),
                            TaskLog.P("Status", failed?.Status.ToString()),
                            TaskLog.P("DelayMs", TaskLog.Ms(args.RetryDelay)),
                            TaskLog.P("NextAttempt", args.AttemptNumber + 2),
                            TaskLog.P("MaxAttempts", definition.RetryCount + 1),
                        ]);
                    return default;
                },
            };
        }

        return Assemble(total, retry, perAttempt);
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(TimeSpan, TimeSpan), ResiliencePipeline<AttemptOutcome>> DeadlineOnly = new();

    private static ResiliencePipeline<AttemptOutcome> Assemble(TimeSpan total, RetryStrategyOptions<AttemptOutcome>? retry, TimeSpan perAttempt)
    {
        var builder = new ResiliencePipelineBuilder<AttemptOutcome>();
        if (total != Timeout.InfiniteTimeSpan)
        {
            builder.AddTimeout(new TimeoutStrategyOptions { TimeoutGenerator = _ => new ValueTask<TimeSpan>(total) });
        }

        if (retry is not null)
        {
            builder.AddRetry(retry);
        }

        if (perAttempt != Timeout.InfiniteTimeSpan)
        {
            builder.AddTimeout(new TimeoutStrategyOptions { TimeoutGenerator = _ => new ValueTask<TimeSpan>(perAttempt) });
        }

        return builder.Build();
    }

    private static async ValueTask<bool> ShouldRetry(HeroTaskDefinition definition, AttemptOutcome outcome, int attempt, Func<AttemptOutcome, int, HeroTaskResult> describeAttempt)
    {
        switch (outcome.Status)
        {
            case HeroTaskStatus.Succeeded:
            case HeroTaskStatus.StartFailed:
            case HeroTaskStatus.Cancelled:
            case HeroTaskStatus.Skipped:
                return false;
        }

        if (definition.RetryIf is { } decide)
        {
            HeroTaskResult judged = describeAttempt(outcome, attempt);
            try
            {
                return await decide(judged).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new RetryDecisionException(Security.SecretMasker.MaskAll($"-RetryIf failed while judging attempt {attempt}: {e.Message}"), judged, e);
            }
        }

        return outcome.Status switch
        {
            HeroTaskStatus.TimedOut or HeroTaskStatus.Stalled => definition.RetryOnTimeout,
            _ => definition.RetryOnExitCode is not { Length: > 0 } codes || Array.IndexOf(codes, outcome.ExitCode) >= 0,
        };
    }

    private static string Describe(AttemptOutcome? outcome) => outcome?.Status switch
    {
        HeroTaskStatus.TimedOut => "timed out",
        HeroTaskStatus.Stalled => "stalled",
        null => "failed",
        _ => "failed (exit code {ExitCode})",
    };

    public static bool IsTimeout(Exception e) => e is TimeoutRejectedException;
}
