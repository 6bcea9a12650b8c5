using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;
using System.Threading.Tasks;
using Hero.Output;
using Hero.PowerShell.Binding;
using Hero.Tasks;
using Hero.Threading;

namespace Hero.PowerShell.Scripting;

/// <summary>Runs script-block tasks in one pool of runspaces reused by every task of the call, which is
/// what makes many small blocks cheap. A deadline or Ctrl+C stops the task's pipeline; a pipeline
/// stuck in a blocking .NET call cannot be stopped, so after the grace period it is abandoned and the
/// pool grows by one runspace to keep the throttle limit.</summary>
internal sealed class RunspacePoolScriptHost : IDisposable
{
    // Runs in the pooled runspace: prepares the runspace once (-InitializationScript, at global
    // scope), then runs the block with $_ and the $using: values as variables of its own scope.
    private const string Wrapper = @"
param($__heroBody, $__heroUsing, $__heroInput, $__heroHasInput, $__heroArgs, $__heroInit)
if ($__heroInit -and -not $global:__heroInitialized) {
    $global:__heroInitialized = $true
    . ([scriptblock]::Create($__heroInit))
}
$__heroVariables = [System.Collections.Generic.List[psvariable]]::new()
if ($__heroHasInput) {
    $__heroVariables.Add([psvariable]::new('_', $__heroInput))
    $__heroVariables.Add([psvariable]::new('PSItem', $__heroInput))
}
foreach ($__heroKey in $__heroUsing.Keys) { $__heroVariables.Add([psvariable]::new($__heroKey, $__heroUsing[$__heroKey])) }
([scriptblock]::Create($__heroBody)).InvokeWithContext($null, $__heroVariables, $__heroArgs)
";

    private readonly RunspacePool _pool;
    private readonly int _throttle;
    private readonly string? _initialization;
    private readonly ITaskObserver _observer;
    private int _abandoned;

    public RunspacePoolScriptHost(int throttleLimit, string[] importModules, ScriptBlock? initialization, ITaskObserver observer)
    {
        InitialSessionState state = InitialSessionState.CreateDefault2();
        if (importModules.Length > 0)
        {
            state.ImportPSModule(importModules);
        }

        _initialization = initialization?.ToString();
        _observer = observer;
        _throttle = Math.Max(1, throttleLimit);
        _pool = RunspaceFactory.CreateRunspacePool(state);
        _pool.SetMaxRunspaces(Math.Max(1, throttleLimit));
        _pool.SetMinRunspaces(1);
        _pool.Open();
    }

    public async Task<ScriptAttemptResult> RunAttemptAsync(HeroTaskDefinition task, int attempt, CancellationToken stop)
    {
        var payload = (ScriptBlockPayload)task.ScriptBlock!;
        string name = task.Name ?? "scriptblock";
        var shell = System.Management.Automation.PowerShell.Create();
        shell.RunspacePool = _pool;
        shell.AddScript(Wrapper, useLocalScope: false)
            .AddArgument(payload.Script)
            .AddArgument(new Hashtable(payload.UsingValues, StringComparer.OrdinalIgnoreCase))
            .AddArgument(payload.InputObject)
            .AddArgument(payload.HasInput)
            .AddArgument(payload.Arguments)
            .AddArgument(_initialization);

        bool quiet = task.Quiet;
        var errors = new List<string>();
        var printed = new List<string>();
        shell.Streams.Error.DataAdded += (_, e) =>
        {
            string text = ErrorText(shell.Streams.Error[e.Index]);
            lock (errors) errors.Add(text);
            if (!quiet) _observer.OnOutputLine(name, OutputStreamKind.StdErr, text);
        };
        shell.Streams.Warning.DataAdded += (_, e) =>
        {
            if (!quiet) _observer.OnOutputLine(name, OutputStreamKind.StdErr, "WARNING: " + shell.Streams.Warning[e.Index].Message);
        };
        shell.Streams.Information.DataAdded += (_, e) =>
        {
            string text = shell.Streams.Information[e.Index].MessageData?.ToString() ?? string.Empty;
            lock (printed) printed.Add(text);
            if (!quiet) _observer.OnOutputLine(name, OutputStreamKind.StdOut, text);
        };

        // Reading a collection still being written would wait for the pipeline to end.
        var output = new PSDataCollection<PSObject> { EnumeratorNeverBlocks = true };
        IAsyncResult started;
        try
        {
            started = shell.BeginInvoke<PSObject, PSObject>(null, output);
        }
        catch
        {
            shell.Dispose();
            throw;
        }

        Task finished = Task.Factory.FromAsync(started, _ => { });
        var stopped = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (stop.Register(() => stopped.TrySetResult(true)))
        {
            await Task.WhenAny(finished, stopped.Task).ConfigureAwait(false);
        }

        if (!finished.IsCompleted)
        {
            // Stopping waits for the pipeline to notice; a pipeline stuck in a blocking call never
            // does, so ask from another thread and wait here only for the grace period.
            _ = Task.Run(() =>
            {
                try
                {
                    shell.Stop();
                }
                catch (ObjectDisposedException)
                {
                }
            });
            if (!await finished.CompletesWithin(task.GracePeriod).ConfigureAwait(false))
            {
                // Stuck in a blocking call: leave it to finish on its own, keep the throttle.
                int abandoned = Interlocked.Increment(ref _abandoned);

                // The pool takes locks the stuck pipeline may hold: grow it without waiting, to the
                // throttle plus every runspace lost so far.
                _ = Task.Run(() => _pool.SetMaxRunspaces(Math.Max(_pool.GetMaxRunspaces(), _throttle + abandoned)));
                _ = finished.ContinueWith(_ => shell.Dispose(), TaskScheduler.Default);
                return new ScriptAttemptResult(false, true, null, Text(printed, output), Joined(errors), [], Abandoned: true);
            }

            shell.Dispose();
            return new ScriptAttemptResult(false, true, null, Text(printed, output), Joined(errors), output.Select(DictionaryConversion.UnwrapKeepingProperties).ToArray()!);
        }

        try
        {
            shell.EndInvoke(started);
            bool failed = shell.HadErrors && errors.Count > 0;
            return new ScriptAttemptResult(!failed, false, failed ? errors[0] : null, Text(printed, output), Joined(errors), output.Select(DictionaryConversion.UnwrapKeepingProperties).ToArray()!);
        }
        catch (RuntimeException e)
        {
            // The block runs through InvokeWithContext: show its own error, not the method call's.
            string message = e.ErrorRecord is { } record ? ErrorText(record) : e.Message;
            lock (errors) errors.Add(message);
            return new ScriptAttemptResult(false, false, message, Text(printed, output), Joined(errors), output.Select(DictionaryConversion.UnwrapKeepingProperties).ToArray()!);
        }
        finally
        {
            shell.Dispose();
        }
    }

    /// <summary>The block runs through InvokeWithContext: report its own error, not the method call's.</summary>
    private static string ErrorText(ErrorRecord record)
    {
        Exception? inner = record.Exception;
        while (inner is MethodInvocationException { InnerException: { } next }) inner = next;
        return inner is RuntimeException { ErrorRecord: { } own } && !ReferenceEquals(own, record) ? own.ToString() : inner?.Message ?? record.ToString();
    }

    /// <summary>What the block printed (Write-Host, Write-Information) and then its output, as text.</summary>
    private static string Text(List<string> printed, IEnumerable<PSObject> output)
    {
        List<string> lines;
        lock (printed) lines = [.. printed];
        lines.AddRange(output.Select(o => o?.BaseObject is string s ? s : o?.ToString() ?? string.Empty));
        return string.Join("\n", lines);
    }

    private static string Joined(List<string> errors)
    {
        lock (errors) return string.Join("\n", errors);
    }

    public void Dispose()
    {
        if (Volatile.Read(ref _abandoned) > 0)
        {
            // An abandoned pipeline would hold Close() until its blocking call returns.
            RunspacePool pool = _pool;
            _ = Task.Run(() =>
            {
                pool.Close();
                pool.Dispose();
            });
            return;
        }

        _pool.Close();
        _pool.Dispose();
    }
}
