using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;
using System.Threading.Tasks;
using Hero.Measurement;
using Hero.Threading;

namespace Hero.PowerShell.Scripting;

/// <summary>A script block measured in a runspace of its own, opened once per target: the block is
/// compiled once, and each run is timed inside the runspace around the block alone, so PowerShell's
/// cost of starting a pipeline is not in the figure. $using: values and the parameter-scan value are
/// variables of the runspace. Script-block hooks (-Setup, -Prepare, ...) run in the same runspace.</summary>
internal sealed class MeasuredScriptBlock : IMeasuredScript
{
    // Runs in the runspace: times the block, turns a terminating error into a message.
    private const string TimedRun = @"
$__heroFailure = $null
$__heroClock = [System.Diagnostics.Stopwatch]::StartNew()
$__heroArgs = $global:__heroArgs
try { $null = & $global:__heroBody @__heroArgs } catch { $__heroFailure = $_ }
$__heroClock.Stop()
$__heroClock.Elapsed.Ticks
if ($__heroFailure) { [string]$__heroFailure }
";

    private readonly TimeSpan _grace;
    private readonly string _body;
    private readonly IReadOnlyDictionary<string, object?> _variables;
    private readonly object[] _arguments;
    private Runspace _runspace;

    public MeasuredScriptBlock(ScriptBlockPayload payload, IReadOnlyDictionary<string, string> parameters, TimeSpan gracePeriod)
    {
        _grace = gracePeriod;
        _body = payload.Script;
        var variables = new Dictionary<string, object?>(payload.UsingValues, StringComparer.OrdinalIgnoreCase);
        foreach (KeyValuePair<string, string> parameter in parameters) variables[parameter.Key] = parameter.Value;
        _variables = variables;
        _arguments = payload.Arguments;
        _runspace = Open();
    }

    private Runspace Open()
    {
        Runspace runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        runspace.Open();
        foreach (KeyValuePair<string, object?> variable in _variables)
        {
            runspace.SessionStateProxy.SetVariable(variable.Key, variable.Value);
        }

        using var define = System.Management.Automation.PowerShell.Create();
        define.Runspace = runspace;
        define.AddScript("$global:__heroBody = [scriptblock]::Create($args[0]); $global:__heroArgs = $args[1]").AddArgument(_body).AddArgument(_arguments).Invoke();
        return runspace;
    }

    public async Task<ScriptRunTiming> RunAsync(TimeSpan timeout, CancellationToken cancel)
    {
        (List<PSObject>? output, string? error, bool stopped, TimeSpan elapsed) = await InvokeAsync(TimedRun, timeout, cancel).ConfigureAwait(false);
        if (stopped)
        {
            return new ScriptRunTiming(elapsed, Succeeded: false, TimedOut: !cancel.IsCancellationRequested, "The script block did not finish within -Timeout.");
        }

        TimeSpan duration = output is { Count: > 0 } && output[0]?.BaseObject is long ticks ? TimeSpan.FromTicks(ticks) : elapsed;
        string? failure = output is { Count: > 1 } ? output[1]?.ToString() : error;
        return new ScriptRunTiming(duration, failure is null, TimedOut: false, failure);
    }

    /// <summary>A -Setup, -Prepare, -Conclude or -Cleanup script block, run in this runspace.</summary>
    public MeasurementHook Hook(ScriptBlock block, TimeSpan timeout) =>
        new("{ " + block.ToString().Trim() + " }", async cancel =>
        {
            string script = "try { $null = & ([scriptblock]::Create($args[0])); $null } catch { [string]$_ }";
            (List<PSObject>? output, string? error, bool stopped, _) = await InvokeAsync(script, timeout, cancel, block.ToString()).ConfigureAwait(false);
            if (stopped) return "it did not finish within -Timeout.";
            return output?.FirstOrDefault(o => o is not null)?.ToString() ?? error;
        });

    private async Task<(List<PSObject>? Output, string? Error, bool Stopped, TimeSpan Elapsed)> InvokeAsync(
        string script, TimeSpan timeout, CancellationToken cancel, string? argument = null)
    {
        var shell = System.Management.Automation.PowerShell.Create();
        shell.Runspace = _runspace;
        shell.AddScript(script, useLocalScope: false);
        if (argument is not null) shell.AddArgument(argument);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        IAsyncResult started = shell.BeginInvoke();
        Task finished = Task.Factory.FromAsync(started, _ => { });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        if (timeout != Timeout.InfiniteTimeSpan) stop.CancelAfter(timeout);
        var stopped = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (stop.Token.Register(() => stopped.TrySetResult(true)))
        {
            await Task.WhenAny(finished, stopped.Task).ConfigureAwait(false);
        }

        if (!finished.IsCompleted)
        {
            TimeSpan elapsed = clock.Elapsed;
            _ = Task.Run(() =>
            {
                try { shell.Stop(); } catch (ObjectDisposedException) { }
            });
            if (!await finished.CompletesWithin(_grace).ConfigureAwait(false))
            {
                // Stuck in a blocking call: leave it, and give later runs a fresh runspace.
                Runspace abandoned = _runspace;
                _ = finished.ContinueWith(_ => { shell.Dispose(); abandoned.Dispose(); }, TaskScheduler.Default);
                _runspace = Open();
                return (null, null, true, elapsed);
            }

            shell.Dispose();
            return (null, null, true, elapsed);
        }

        try
        {
            List<PSObject> output = [.. shell.EndInvoke(started)];
            string? error = shell.HadErrors && shell.Streams.Error.Count > 0 ? shell.Streams.Error[0].ToString() : null;
            return (output, error, false, clock.Elapsed);
        }
        catch (RuntimeException e)
        {
            return (null, e.ErrorRecord?.ToString() ?? e.Message, false, clock.Elapsed);
        }
        finally
        {
            shell.Dispose();
        }
    }

    public void Dispose() => _runspace.Dispose();
}
