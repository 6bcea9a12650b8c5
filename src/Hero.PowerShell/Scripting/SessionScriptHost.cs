using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Hero.PowerShell.Hosting;
using Hero.Tasks;

namespace Hero.PowerShell.Scripting;

/// <summary>The PowerShell behind one run of tasks: script-block attempts go to a runspace pool made
/// on first use, -RetryIf judges to the pipeline thread (they belong to the caller's runspace).</summary>
internal sealed class SessionScriptHost : IScriptHost, IDisposable
{
    private readonly PipelinePump _pump;
    private readonly Lazy<RunspacePoolScriptHost> _pool;

    public SessionScriptHost(PipelinePump pump, int throttleLimit, string[] importModules, ScriptBlock? initialization, ITaskObserver observer)
    {
        _pump = pump;
        _pool = new Lazy<RunspacePoolScriptHost>(() => new RunspacePoolScriptHost(throttleLimit, importModules, initialization, observer), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public Task<ScriptAttemptResult> RunAttemptAsync(HeroTaskDefinition task, int attempt, CancellationToken stop) =>
        _pool.Value.RunAttemptAsync(task, attempt, stop);

    /// <summary>Asked from the engine's threads; answered on the pipeline thread. After Ctrl+C the
    /// question is cancelled rather than left waiting.</summary>
    public Task<bool> JudgeRetryAsync(IHostScript judge, HeroTaskResult attempt, CancellationToken cancel) =>
        _pump.InvokeAsync(() => ((RetryCondition)judge).Answer(attempt));

    public void Dispose()
    {
        if (_pool.IsValueCreated) _pool.Value.Dispose();
    }
}
