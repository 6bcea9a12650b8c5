using System;
using System.Threading;
using System.Threading.Tasks;
using Hero.Logging;
using Hero.Resilience;

namespace Hero.Tasks;

/// <summary>A task's retry rule on the shared retry pipeline: which unsuccessful attempts are retried
/// (-RetryIf alone when given, else exit codes and -RetryOnTimeout), and the event before each wait.</summary>
internal static class TaskRetryRule
{
    public static RetryPipeline<AttemptOutcome> Pipeline(
        HeroTaskDefinition definition,
        TaskLog log,
        Func<AttemptOutcome, int, HeroTaskResult> describeAttempt,
        IScriptHost? scripts,
        IRetryObserver observer,
        CancellationToken cancel)
    {
        TimeSpan total = TaskRunner.Limit(definition.Timeout);
        TimeSpan perAttempt = TaskRunner.Limit(definition.AttemptTimeout);
        if (definition.Retry.RetryCount == 0)
        {
            return RetryPipeline<AttemptOutcome>.Build(total, perAttempt, definition.Retry, null, null);
        }

        return RetryPipeline<AttemptOutcome>.Build(
            total,
            perAttempt,
            definition.Retry,
            (outcome, _, attempt) => outcome is null
                ? new ValueTask<bool>(false)
                : ShouldRetry(definition, outcome, attempt, describeAttempt, scripts, cancel),
            (failed, _, attempt, delay) =>
            {
                log.Emit(HeroLogLevel.Information,
                    "Task {Task} attempt {Attempt} " + Describe(failed) + "; retrying in {DelayMs} ms (attempt {NextAttempt} of {MaxAttempts})",
                    [
                        TaskLog.P("ExitCode", failed?.ExitCode),
                        TaskLog.P("Status", failed?.Status.ToString()),
                        TaskLog.P("DelayMs", TaskLog.Ms(delay)),
                        TaskLog.P("NextAttempt", attempt + 1),
                        TaskLog.P("MaxAttempts", definition.Retry.RetryCount + 1),
                    ]);
                string reason = failed?.Status switch
                {
                    HeroTaskStatus.TimedOut => "timed out",
                    HeroTaskStatus.Stalled => "stalled",
                    _ => "exit code " + failed?.ExitCode,
                };
                observer.OnRetryWait(new RetryWait(log.Task, attempt, attempt + 1, definition.Retry.RetryCount + 1, delay, reason));
            });
    }

    private static async ValueTask<bool> ShouldRetry(
        HeroTaskDefinition definition,
        AttemptOutcome outcome,
        int attempt,
        Func<AttemptOutcome, int, HeroTaskResult> describeAttempt,
        IScriptHost? scripts,
        CancellationToken cancel)
    {
        switch (outcome.Status)
        {
            case HeroTaskStatus.Succeeded:
            case HeroTaskStatus.StartFailed:
            case HeroTaskStatus.Cancelled:
            case HeroTaskStatus.Skipped:
                return false;
        }

        if (definition.RetryIf is { } judge)
        {
            HeroTaskResult judged = describeAttempt(outcome, attempt);
            try
            {
                return await scripts!.JudgeRetryAsync(judge, judged, cancel).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new RetryDecisionException(Security.SecretMasker.Default.MaskAll($"-RetryIf failed while judging attempt {attempt}: {e.Message}"), e, judged);
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
}
