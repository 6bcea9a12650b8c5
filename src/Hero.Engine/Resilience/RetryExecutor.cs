using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Hero.Logging;
using Hero.Text;

namespace Hero.Resilience;

/// <summary>Runs code with retries on the calling thread (PowerShell code must run on the pipeline
/// thread), through the same retry pipeline as tasks, with the circuit breaker checked before and
/// told after every attempt. Counts attempts, keeps the clock, logs every retry and the ending, and
/// returns how the call went.</summary>
public static class RetryExecutor
{
    /// <param name="attempt">Runs attempt n (1-based); must stop promptly when its token is cancelled
    /// and then throw OperationCanceledException.</param>
    /// <param name="shouldRetry">Asked after each failed attempt that could be retried; null retries
    /// every failure. May throw: the call then ends as <see cref="RetryStatus.DecisionFailed"/>.</param>
    /// <exception cref="OperationCanceledException"><paramref name="cancel"/> fired.</exception>
    /// <exception cref="CircuitStateException">The circuit's shared state file cannot be used.</exception>
    public static RetryOutcome<T> Execute<T>(RetryCall call, Func<int, CancellationToken, T> attempt, Func<Exception, int, bool>? shouldRetry, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        int attempts = 0;
        RetryPipeline<T> pipeline = RetryPipeline<T>.Build(
            Timeout.InfiniteTimeSpan,
            call.AttemptTimeout,
            call.Retries,
            (_, error, number) => new ValueTask<bool>(
                error is not null && Retriable(error) && !cancel.IsCancellationRequested
                && (shouldRetry?.Invoke(AsAttemptError(error, number, call), number) ?? true)),
            (_, error, number, delay) =>
            {
                string reason = AsAttemptError(error!, number, call).Message;
                Log(call, HeroLogLevel.Information,
                    "{Name}: attempt {Attempt} failed: {Error}; retrying in {DelayMs} ms (attempt {NextAttempt} of {MaxAttempts})", false,
                    ("Attempt", number), ("Error", reason), ("DelayMs", TaskLog.Ms(delay)),
                    ("NextAttempt", number + 1), ("MaxAttempts", call.Retries.RetryCount + 1));
                call.Observer.OnRetryWait(new RetryWait(call.Name, number, number + 1, call.Retries.RetryCount + 1, delay, reason));
            });
        try
        {
            T value = pipeline.Execute(token =>
            {
                attempts++;
                return RunGuarded(call, attempts, token, cancel, attempt);
            }, cancel);
            if (attempts > 1)
            {
                Log(call, HeroLogLevel.Information, "{Name}: succeeded on attempt {Attempt} after {DurationMs} ms", false,
                    ("Attempt", attempts), ("DurationMs", TaskLog.Ms(clock.Elapsed)));
            }

            return new RetryOutcome<T> { Status = RetryStatus.Succeeded, Value = value, Attempts = attempts, Elapsed = clock.Elapsed };
        }
        catch (Exception) when (cancel.IsCancellationRequested)
        {
            // Stopped from outside (Ctrl+C): whatever the attempt threw on its way out, the caller
            // reports the stop.
            throw;
        }
        catch (CircuitStateException)
        {
            throw;
        }
        catch (CircuitOpenException e)
        {
            Log(call, HeroLogLevel.Warning, "Circuit {Circuit} is {State}; {Name} was not run", true,
                ("Circuit", e.State.Name), ("State", e.State.State.ToString()), ("ConsecutiveFailures", e.State.ConsecutiveFailures));
            return new RetryOutcome<T> { Status = RetryStatus.CircuitOpen, Attempts = attempts, Elapsed = clock.Elapsed, Error = e, Message = e.Message };
        }
        catch (RetryDecisionException e)
        {
            return new RetryOutcome<T> { Status = RetryStatus.DecisionFailed, Attempts = attempts, Elapsed = clock.Elapsed, Error = e, Message = e.Message };
        }
        catch (Exception e)
        {
            Exception last = AsAttemptError(e, attempts, call);
            string message = $"'{call.Name}' failed after {attempts} attempt(s) in {DurationParser.Format(clock.Elapsed)}: {last.Message}";
            Log(call, HeroLogLevel.Error, "{Name}: failed after {Attempts} attempt(s) in {DurationMs} ms: {Error}", true,
                ("Attempts", attempts), ("DurationMs", TaskLog.Ms(clock.Elapsed)), ("Error", last.Message));
            return new RetryOutcome<T> { Status = RetryStatus.Failed, Attempts = attempts, Elapsed = clock.Elapsed, Error = last, Message = message };
        }
    }

    private static T RunGuarded<T>(RetryCall call, int number, CancellationToken token, CancellationToken cancel, Func<int, CancellationToken, T> attempt)
    {
        if (call.Circuit is { } circuit)
        {
            CircuitPermit permit = circuit.TryEnter();
            if (!permit.Allowed)
            {
                throw new CircuitOpenException(permit.State);
            }
        }

        try
        {
            T result = attempt(number, token);
            call.Circuit?.RecordSuccess();
            return result;
        }
        catch (Exception e) when (!cancel.IsCancellationRequested && e is not CircuitOpenException)
        {
            string message = e is OperationCanceledException ? $"Attempt {number} timed out." : e.Message;
            call.Circuit?.RecordFailure(message);
            throw;
        }
    }

    private static bool Retriable(Exception error) =>
        error is not CircuitOpenException and not CircuitStateException and not OperationCanceledException;

    /// <summary>An attempt stopped by its deadline is an <see cref="AttemptTimedOutException"/>.</summary>
    private static Exception AsAttemptError(Exception error, int attempt, RetryCall call) =>
        error is DeadlineExceededException deadline ? new AttemptTimedOutException(attempt, call.AttemptTimeout, deadline) : error;

    private static void Log(RetryCall call, HeroLogLevel level, string template, bool hostReported, params (string Name, object? Value)[] properties)
    {
        var all = new List<KeyValuePair<string, object?>>(properties.Length + 1) { new("Name", call.Name) };
        foreach ((string name, object? value) in properties) all.Add(new(name, value));
        HeroLog.Current.Emit(call.Observer, level, template, all, hostReported: hostReported);
    }
}
