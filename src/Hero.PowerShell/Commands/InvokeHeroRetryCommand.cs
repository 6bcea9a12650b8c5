using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Threading;
using Hero.PowerShell.Binding;
using Hero.PowerShell.Errors;
using Hero.PowerShell.Hosting;
using Hero.PowerShell.Scripting;
using Hero.Resilience;

namespace Hero.PowerShell.Commands;

/// <summary>Runs PowerShell code with retries, backoff and jitter, an optional per-attempt timeout
/// and an optional circuit breaker. An attempt fails when it throws or writes an error record.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "HeroRetry")]
[OutputType(typeof(PSObject))]
public sealed class InvokeHeroRetryCommand : RetryParameterCmdlet
{
    private System.Management.Automation.PowerShell? _running;

    [Parameter(Mandatory = true, Position = 0)]
    public ScriptBlock ScriptBlock { get; set; } = null!;

    [Parameter]
    public object[] ArgumentList { get; set; } = [];

    /// <summary>The name in the log and the messages; by default the block's own text.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(CircuitNameCompleter))]
    public string? CircuitName { get; set; }

    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int CircuitFailureThreshold { get; set; } = CircuitBreaker.DefaultFailureThreshold;

    [Parameter]
    [DurationTransformation(AllowInfinite = false)]
    [ArgumentCompleter(typeof(DurationCompleter))]
    public TimeSpan CircuitBreakDuration { get; set; } = CircuitBreaker.DefaultBreakDuration;

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CircuitStatePath { get; set; }

    protected override int DefaultRetryCount => RetryOptions.DefaultCodeRetryCount;

    protected override void ProcessRecord()
    {
        // Attempts, waits and their events all happen on this thread: the pump runs each post at once.
        using var pump = new PipelinePump();
        string name = Name ?? "{ " + ScriptBlockPayload.Shorten(ScriptBlock.ToString()) + " }";
        var observer = new HostTaskObserver(this, pump, prefixLines: false, HostTaskObserver.Preferences.Of(this));
        RetryCall call;
        try
        {
            call = new RetryCall(name, BoundRetryOptions(), observer)
            {
                AttemptTimeout = AttemptTimeout,
                Circuit = CircuitName is null
                    ? null
                    : new CircuitBreaker(CircuitName, CircuitFailureThreshold, CircuitBreakDuration, PathResolver.FileSystemPath(this, CircuitStatePath)),
            };
        }
        catch (CircuitStateException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, "HeroCircuitStateInvalid", ErrorCategory.InvalidArgument, CircuitStatePath));
            return;
        }

        RetryOutcome<Collection<PSObject>> outcome;
        try
        {
            outcome = RetryExecutor.Execute(call, RunAttempt, ShouldRetry, StopToken);
        }
        catch (Exception) when (StopToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        catch (CircuitStateException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, "HeroCircuitStateInvalid", ErrorCategory.InvalidData, CircuitStatePath));
            return;
        }
        finally
        {
            observer.CompleteProgress(name);
        }

        switch (outcome.Status)
        {
            case RetryStatus.Succeeded:
                WriteObject(outcome.Value, enumerateCollection: true);
                return;
            case RetryStatus.CircuitOpen:
                ThrowTerminatingError(new ErrorRecord(outcome.Error, "HeroCircuitOpen", ErrorCategory.ResourceUnavailable, ((CircuitOpenException)outcome.Error!).State));
                return;
            case RetryStatus.DecisionFailed:
                ThrowTerminatingError(new ErrorRecord(outcome.Error, "HeroRetryIfFailed", ErrorCategory.InvalidOperation, ScriptBlock));
                return;
            default:
                ErrorRecord last = ToErrorRecord(outcome.Error!);
                var exhausted = new HeroRetryExhaustedException(outcome.Message!, outcome.Attempts, outcome.Elapsed, last);
                ThrowTerminatingError(new ErrorRecord(exhausted, "HeroRetryExhausted", last.CategoryInfo.Category, last.TargetObject));
                return;
        }
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

    /// <summary>-RetryIf gets the attempt's error record as $_; without it every failure is retried.
    /// What it throws ends the call (the engine reports it as the decision's failure).</summary>
    private bool ShouldRetry(Exception error, int attempt)
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
        var variables = new List<PSVariable> { new("_", record), new("PSItem", record) };
        return LanguagePrimitives.IsTrue(RetryIf.InvokeWithContext(null, variables));
    }

    private static ErrorRecord ToErrorRecord(Exception error) => error switch
    {
        ScriptAttemptFailedException failed => failed.Error,
        AttemptTimedOutException timedOut => new ErrorRecord(timedOut, "HeroAttemptTimedOut", ErrorCategory.OperationTimeout, null),
        RuntimeException runtime => runtime.ErrorRecord,
        _ => new ErrorRecord(error, error.GetType().Name, ErrorCategory.NotSpecified, null),
    };
}
