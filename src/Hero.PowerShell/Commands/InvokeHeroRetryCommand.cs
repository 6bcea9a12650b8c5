using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Diagnostics;
using System.Management.Automation;
using System.Threading;
using Hero.Logging;
using Hero.PowerShell.Binding;
using Hero.PowerShell.Errors;
using Hero.PowerShell.Hosting;
using Hero.Text;
using Hero.Resilience;

namespace Hero.PowerShell.Commands;

/// <summary>Runs PowerShell code with retries, backoff and jitter, an optional per-attempt timeout
/// and an optional circuit breaker. An attempt fails when it throws or writes an error record.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "HeroRetry")]
[OutputType(typeof(PSObject))]
public sealed class InvokeHeroRetryCommand : HeroCmdlet
{
    private System.Management.Automation.PowerShell? _running;

    [Parameter(Mandatory = true, Position = 0)]
    public ScriptBlock ScriptBlock { get; set; } = null!;

    [Parameter]
    public object[] ArgumentList { get; set; } = [];

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "retry";

    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int RetryCount { get; set; } = 3;

    [Parameter]
    [DurationTransformation(AllowInfinite = false)]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    [Parameter]
    [DurationTransformation]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    [Parameter]
    public RetryBackoff RetryBackoff { get; set; } = RetryBackoff.Exponential;

    [Parameter]
    public SwitchParameter NoJitter { get; set; }

    [Parameter]
    [ValidateNotNull]
    public ScriptBlock? RetryIf { get; set; }

    [Parameter]
    [DurationTransformation]
    public TimeSpan AttemptTimeout { get; set; } = Timeout.InfiniteTimeSpan;

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CircuitName { get; set; }

    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int CircuitFailureThreshold { get; set; } = 5;

    [Parameter]
    [DurationTransformation(AllowInfinite = false)]
    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromSeconds(60);

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CircuitStatePath { get; set; }

    protected override void ProcessRecord()
    {
        var plan = new RetryPlan
        {
            RetryCount = RetryCount,
            Schedule = new RetrySchedule(RetryDelay, MaxRetryDelay, RetryBackoff, !NoJitter),
            AttemptTimeout = AttemptTimeout,
        };
        try
        {
            plan.Circuit = CircuitName is null
                ? null
                : new CircuitBreaker(CircuitName, CircuitFailureThreshold, CircuitBreakDuration, PathResolver.FileSystemPath(this, CircuitStatePath));
        }
        catch (CircuitStateException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, "HeroCircuitStateInvalid", ErrorCategory.InvalidArgument, CircuitStatePath));
        }

        var clock = Stopwatch.StartNew();
        int attempts = 0;
        Collection<PSObject> output;
        try
        {
            output = RetryExecutor.Execute(
                plan,
                (number, token) =>
                {
                    attempts = number;
                    return RunAttempt(number, token);
                },
                (error, number) => ShouldRetry(error),
                (number, error, delay) => Log(HeroLogLevel.Information,
                    "Retry {Name} attempt {Attempt} failed: {Error}; retrying in {DelayMs} ms (attempt {NextAttempt} of {MaxAttempts})",
                    ("Attempt", number), ("Error", error.Message), ("DelayMs", (long)delay.TotalMilliseconds), ("NextAttempt", number + 1), ("MaxAttempts", RetryCount + 1)),
                StopToken);
        }
        catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        catch (PipelineStoppedException)
        {
            throw;
        }
        catch (CircuitOpenException e)
        {
            Log(HeroLogLevel.Warning, "Circuit {Circuit} is {State}; {Name} was not run", hostReported: true,
                ("Circuit", e.State.Name), ("State", e.State.State.ToString()), ("ConsecutiveFailures", e.State.ConsecutiveFailures));
            ThrowTerminatingError(new ErrorRecord(e, "HeroCircuitOpen", ErrorCategory.ResourceUnavailable, e.State));
            return;
        }
        catch (CircuitStateException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, "HeroCircuitStateInvalid", ErrorCategory.InvalidData, CircuitStatePath));
            return;
        }
        catch (RetryIfFailedException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, "HeroRetryIfFailed", ErrorCategory.InvalidOperation, ScriptBlock));
            return;
        }
        catch (Exception e)
        {
            ErrorRecord last = ToErrorRecord(e);
            string message = $"'{Name}' failed after {attempts} attempt(s) in {DurationParser.Format(clock.Elapsed)}: {last.Exception?.Message ?? last.ToString()}";
            var exhausted = new HeroRetryExhaustedException(message, attempts, clock.Elapsed, last);
            Log(HeroLogLevel.Error, "Retry {Name} failed after {Attempts} attempt(s) in {DurationMs} ms: {Error}", hostReported: true,
                ("Attempts", attempts), ("DurationMs", (long)clock.Elapsed.TotalMilliseconds), ("Error", last.Exception?.Message));
            ThrowTerminatingError(new ErrorRecord(exhausted, "HeroRetryExhausted", last.CategoryInfo.Category, last.TargetObject));
            return;
        }

        if (attempts > 1)
        {
            Log(HeroLogLevel.Information, "Retry {Name} succeeded on attempt {Attempt} after {DurationMs} ms",
                ("Attempt", attempts), ("DurationMs", (long)clock.Elapsed.TotalMilliseconds));
        }

        WriteObject(output, enumerateCollection: true);
    }

    /// <summary>To the Hero log, and echoed in the host by the console mode (pipeline thread only).</summary>
    private void Log(HeroLogLevel level, string template, params (string Name, object? Value)[] properties) =>
        Log(level, template, false, properties);

    private void Log(HeroLogLevel level, string template, bool hostReported, params (string Name, object? Value)[] properties)
    {
        var all = new List<KeyValuePair<string, object?>> { new("Name", Name) };
        foreach ((string name, object? value) in properties) all.Add(new(name, value));
        HeroLogRecord record = HeroLog.Write(level, template, all, hostReported: hostReported);
        LogRelay.Show(this, record, HeroLog.Settings.Console);
    }

    protected override void StopProcessing()
    {
        base.StopProcessing();
        Volatile.Read(ref _running)?.Stop();
    }

    /// <summary>Runs the block in a nested pipeline of this runspace, in the caller's scope, so an
    /// attempt timeout or Ctrl+C can stop it. Output is kept only when the attempt succeeds.</summary>
    private Collection<PSObject> RunAttempt(int number, CancellationToken token)
    {
        using System.Management.Automation.PowerShell shell = System.Management.Automation.PowerShell.Create(RunspaceMode.CurrentRunspace);
        shell.AddCommand("Invoke-Command").AddParameter("ScriptBlock", ScriptBlock).AddParameter("NoNewScope");
        if (ArgumentList.Length > 0)
        {
            shell.AddParameter("ArgumentList", ArgumentList);
        }

        Volatile.Write(ref _running, shell);
        try
        {
            using (token.Register(() => shell.Stop()))
            {
                Collection<PSObject> output = shell.Invoke();
                token.ThrowIfCancellationRequested();
                if (shell.Streams.Error.Count > 0)
                {
                    throw new ScriptAttemptFailedException(shell.Streams.Error[0]);
                }

                return output;
            }
        }
        catch (PipelineStoppedException) when (token.IsCancellationRequested && !StopToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(token);
        }
        catch (RuntimeException e) when (e is not PipelineStoppedException)
        {
            throw new ScriptAttemptFailedException(e.ErrorRecord);
        }
        finally
        {
            Volatile.Write(ref _running, null);
        }
    }

    private bool ShouldRetry(Exception error)
    {
        if (StopToken.IsCancellationRequested || error is PipelineStoppedException)
        {
            return false;
        }

        if (RetryIf is null)
        {
            return true;
        }

        ErrorRecord record = ToErrorRecord(error);
        try
        {
            var variables = new List<PSVariable> { new("_", record), new("PSItem", record) };
            return LanguagePrimitives.IsTrue(RetryIf.InvokeWithContext(null, variables));
        }
        catch (RuntimeException e)
        {
            throw new RetryIfFailedException($"-RetryIf failed while judging an attempt: {e.Message}", e);
        }
    }

    private static ErrorRecord ToErrorRecord(Exception error) => error switch
    {
        ScriptAttemptFailedException failed => failed.Error,
        AttemptTimedOutException timedOut => new ErrorRecord(timedOut, "HeroAttemptTimedOut", ErrorCategory.OperationTimeout, null),
        RuntimeException runtime => runtime.ErrorRecord,
        _ => new ErrorRecord(error, error.GetType().Name, ErrorCategory.NotSpecified, null),
    };

    private sealed class RetryIfFailedException(string message, Exception inner) : Exception(message, inner);
}
