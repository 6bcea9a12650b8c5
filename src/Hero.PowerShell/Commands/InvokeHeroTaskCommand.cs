using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Hero.Batch;
using Hero.PowerShell.Binding;
using Hero.PowerShell.Hosting;
using Hero.PowerShell.Reporting;
using Hero.PowerShell.Scripting;
using Hero.Reporting;
using Hero.Resilience;
using Hero.Tasks;

namespace Hero.PowerShell.Commands;

/// <summary>Runs a command under a deadline, in its own kill group, and returns what happened; or runs
/// a batch of tasks from the pipeline, never more at once than -ThrottleLimit.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "HeroTask", DefaultParameterSetName = FilePathSet)]
[OutputType(typeof(HeroTaskResult))]
public sealed class InvokeHeroTaskCommand : TaskDefinitionCmdlet
{
    private const string InputObjectSet = "InputObject";
    private readonly List<HeroTaskDefinition> _batch = [];
    private ShardSpec? _shard;

    public enum IsolationMode
    {
        Runspace,
        Process,
    }

    /// <summary>A task definition or hashtable (InputObject set), or the $_ of a script block.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    [Parameter(ValueFromPipeline = true, ParameterSetName = ScriptBlockSet)]
    public object? InputObject { get; set; }

    [Parameter(ParameterSetName = InputObjectSet)]
    [Parameter(ParameterSetName = ScriptBlockSet)]
    [ValidateRange(1, 1024)]
    public int ThrottleLimit { get; set; } = System.Environment.ProcessorCount;

    [Parameter(ParameterSetName = InputObjectSet)]
    [Parameter(ParameterSetName = ScriptBlockSet)]
    public SwitchParameter FailFast { get; set; }

    [Parameter(ParameterSetName = InputObjectSet)]
    [Parameter(ParameterSetName = ScriptBlockSet)]
    [ValidateNotNullOrEmpty]
    public string? Shard { get; set; }

    [Parameter(ParameterSetName = InputObjectSet)]
    [Parameter(ParameterSetName = ScriptBlockSet)]
    public IsolationMode Isolation { get; set; } = IsolationMode.Runspace;

    [Parameter(ParameterSetName = InputObjectSet)]
    [Parameter(ParameterSetName = ScriptBlockSet)]
    [ValidateNotNull]
    public string[] ImportModule { get; set; } = [];

    [Parameter(ParameterSetName = InputObjectSet)]
    [Parameter(ParameterSetName = ScriptBlockSet)]
    [ValidateNotNull]
    public ScriptBlock? InitializationScript { get; set; }

    [Parameter]
    public CiPlatform CI { get; set; } = CiPlatform.Auto;

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? JUnitPath { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ResultPath { get; set; }

    protected override void BeginProcessing()
    {
        foreach ((string? path, string parameter) in new[] { (JUnitPath, nameof(JUnitPath)), (ResultPath, nameof(ResultPath)) })
        {
            string? full = PathResolver.FileSystemPath(this, path);
            if (full is not null && System.IO.Path.GetDirectoryName(full) is { } folder && !System.IO.Directory.Exists(folder))
            {
                Invalid(new HeroTaskDefinitionException($"The folder of '{full}' does not exist.", parameter));
            }
        }

        if (Shard is not null)
        {
            try
            {
                _shard = ShardSpec.Parse(Shard);
            }
            catch (FormatException e)
            {
                Invalid(new HeroTaskDefinitionException(e.Message, nameof(Shard)));
            }
        }
    }

    protected override void ProcessRecord()
    {
        try
        {
            switch (ParameterSetName)
            {
                case InputObjectSet:
                    _batch.Add(FromInput(InputObject, _batch.Count + 1));
                    return;
                case ScriptBlockSet when MyInvocation.ExpectingInput:
                    _batch.Add(ScriptBlockTask(InputObject, hasInput: true, _batch.Count + 1));
                    return;
                case ScriptBlockSet:
                    bool given = MyInvocation.BoundParameters.ContainsKey(nameof(InputObject));
                    RunOne(ScriptBlockTask(given ? InputObject : null, hasInput: given, 0));
                    return;
                default:
                    RunOne(BuildDefinition());
                    return;
            }
        }
        catch (HeroTaskDefinitionException e)
        {
            Invalid(e);
        }
    }

    protected override void EndProcessing()
    {
        if (_batch.Count > 0)
        {
            RunBatch();
        }

        base.EndProcessing();
    }

    private HeroTaskDefinition ScriptBlockTask(object? input, bool hasInput, int position)
    {
        HeroTaskDefinition task = BuildDefinition();
        task.Payload = ((ScriptBlockPayload)task.Payload!).WithInput(DictionaryConversion.UnwrapKeepingProperties(input), hasInput, ArgumentList);
        if (hasInput)
        {
            task.Name = (Name ?? "scriptblock") + "-" + position;
        }

        return task;
    }

    private HeroTaskDefinition FromInput(object? input, int position) => TaskInput.FromInput(input, position, this, SessionPowerShell());

    /// <summary>One task, its output live and unprefixed.</summary>
    private void RunOne(HeroTaskDefinition task)
    {
        using ProcessIsolation? isolation = task.Kind == HeroTaskKind.ScriptBlock && Isolation == IsolationMode.Process ? new ProcessIsolation() : null;
        string? isolatedOutput = isolation?.Prepare(task, ImportModule, InitializationScript, SessionPowerShell());
        Validate(task);
        using var reporting = new TaskReporting(this, CI, PathResolver.FileSystemPath(this, ResultPath), PathResolver.FileSystemPath(this, JUnitPath));
        string name = TaskRunner.NameOf(task);
        if (reporting.GroupStart(name) is { } groupStart) WriteHostLine(groupStart, "ci");

        RetryDecisionException? retryIfFailed = null;
        var preferences = HostTaskObserver.Preferences.Of(this);
        HeroTaskResult result = RunPumped(async (pump, cancel) =>
        {
            var observer = new HostTaskObserver(this, pump, prefixLines: false, preferences);
            WireRetryIf(task);
            using RunspacePoolScriptHost? host = task.Kind == HeroTaskKind.ScriptBlock
                ? new RunspacePoolScriptHost(1, ImportModule, InitializationScript, observer)
                : null;
            try
            {
                HeroTaskResult finished = await TaskRunner.RunAsync(task, observer, cancel, host).ConfigureAwait(false);
                if (isolatedOutput is not null) finished.Output = ProcessIsolation.ReadOutput(isolatedOutput);
                return finished;
            }
            catch (RetryDecisionException e)
            {
                retryIfFailed = e;
                return e.LastResult;
            }
            finally
            {
                observer.CompleteProgress(name);
            }
        });

        if (reporting.GroupEnd() is { } groupEnd) WriteHostLine(groupEnd, "ci");
        reporting.WriteResultLine(result);
        reporting.Record(result);
        reporting.TaskFinished(result, withGroup: false);
        reporting.Finish(name);
        ReportProblem(reporting);
        SessionState.PSVariable.Set("global:LASTEXITCODE", result.ExitCode);
        WriteObject(result);
        if (retryIfFailed is not null)
        {
            WriteError(new ErrorRecord(retryIfFailed, "HeroRetryIfFailed", ErrorCategory.InvalidOperation, result));
        }
        else if (TaskErrors.For(result) is { } error)
        {
            WriteError(error);
        }
    }

    /// <summary>The collected tasks, in parallel, results streamed as they finish.</summary>
    private void RunBatch()
    {
        BatchPlan plan;
        try
        {
            plan = BatchPlan.Create(_batch, _shard);
            foreach (HeroTaskDefinition task in plan.Tasks) Validate(task);
        }
        catch (HeroTaskDefinitionException e)
        {
            Invalid(e);
            return;
        }

        if (plan.OutsideShard.Count > 0)
        {
            WriteVerbose($"Shard {Shard}: dependencies on tasks of other shards are taken as met: {string.Join(", ", plan.OutsideShard)}.");
        }

        using var reporting = new TaskReporting(this, CI, PathResolver.FileSystemPath(this, ResultPath), PathResolver.FileSystemPath(this, JUnitPath));
        using ProcessIsolation? isolation = Isolation == IsolationMode.Process && plan.Tasks.Any(t => t.Kind == HeroTaskKind.ScriptBlock)
            ? new ProcessIsolation()
            : null;
        var isolatedOutput = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (isolation is not null)
        {
            string pwsh = SessionPowerShell();
            foreach (HeroTaskDefinition task in plan.Tasks.Where(t => t.Kind == HeroTaskKind.ScriptBlock))
            {
                isolatedOutput[task.Name!] = isolation.Prepare(task, ImportModule, InitializationScript, pwsh);
            }
        }

        HeroTaskResult? firstFailure = null;
        bool prefix = plan.Tasks.Count > 1;

        // Under -ErrorAction Stop the first failure ends the call; stop the rest of the batch with it
        // rather than let it run on unseen.
        bool failFast = FailFast || ErrorActionIsStop();
        var preferences = HostTaskObserver.Preferences.Of(this);
        try
        {
            RunBatchPumped();
        }
        finally
        {
            // Also when a failure turned terminating (-ErrorAction Stop) or Ctrl+C: the reports and
            // $LASTEXITCODE still describe what ran.
            reporting.Finish(Name ?? "Hero");
            HeroTaskResult? failed = firstFailure ?? reporting.Finished.FirstOrDefault(r => TaskErrors.For(r) is not null);
            SessionState.PSVariable.Set("global:LASTEXITCODE", failed?.ExitCode ?? 0);
        }

        ReportProblem(reporting);

        void RunBatchPumped() => RunPumped(async (pump, cancel) =>
        {
            var inner = new HostTaskObserver(this, pump, prefix, preferences);
            var observer = new BatchHostObserver(inner, pump, reporting, result =>
            {
                WriteObject(result);
                if (TaskErrors.For(result) is { } error)
                {
                    firstFailure ??= result;
                    WriteError(error);
                }
            });
            using RunspacePoolScriptHost? scripts = plan.Tasks.Any(t => t.Kind == HeroTaskKind.ScriptBlock)
                ? new RunspacePoolScriptHost(ThrottleLimit, ImportModule, InitializationScript, observer)
                : null;
            foreach (HeroTaskDefinition task in plan.Tasks) WireRetryIf(task);

            async Task<HeroTaskResult> Execute(HeroTaskDefinition task, ITaskObserver taskObserver, CancellationToken stop)
            {
                try
                {
                    HeroTaskResult result = await TaskRunner.RunAsync(task, taskObserver, stop, scripts).ConfigureAwait(false);
                    if (isolatedOutput.TryGetValue(task.Name!, out string? outputPath))
                    {
                        result.Output = ProcessIsolation.ReadOutput(outputPath);
                    }

                    return result;
                }
                catch (RetryDecisionException e)
                {
                    e.LastResult.Message = e.Message;
                    return e.LastResult;
                }
            }

            var options = new BatchOptions { ThrottleLimit = ThrottleLimit, FailFast = failFast };
            return await BatchRunner.RunAsync(plan, options, Execute, observer, cancel).ConfigureAwait(false);
        });
    }

    /// <summary>A report that could not be written is an error of its own; the tasks' results stand.</summary>
    private void ReportProblem(TaskReporting reporting)
    {
        if (reporting.ReportError is { } problem)
        {
            WriteError(new ErrorRecord(new System.IO.IOException(problem), "HeroTaskReportFailed", ErrorCategory.WriteError, null));
        }
    }

    private bool ErrorActionIsStop()
    {
        object? preference = MyInvocation.BoundParameters.TryGetValue("ErrorAction", out object? bound)
            ? bound
            : GetVariableValue("ErrorActionPreference");
        return DictionaryConversion.Unwrap(preference) is ActionPreference.Stop;
    }

    private void WireRetryIf(HeroTaskDefinition task)
    {
        if (task.RetryIfScript is ScriptBlock retryIf)
        {
            task.RetryIf = attempt => CurrentPump?.InvokeAsync(() => RetryIfAnswer(retryIf, attempt))
                                      ?? Task.FromResult(false);
        }
    }

    /// <summary>Runs on the pipeline thread: $_ is the attempt's result.</summary>
    private static bool RetryIfAnswer(ScriptBlock retryIf, HeroTaskResult attempt)
    {
        var variables = new List<PSVariable> { new("_", attempt), new("PSItem", attempt) };
        return LanguagePrimitives.IsTrue(retryIf.InvokeWithContext(null, variables));
    }

    private void Validate(HeroTaskDefinition task)
    {
        try
        {
            TaskRunner.Validate(task);
        }
        catch (HeroTaskDefinitionException e)
        {
            Invalid(task.Name is null ? e : new HeroTaskDefinitionException($"Task '{task.Name}': {Strip(e.Message)}", e.ParameterName));
        }
    }

    private static string Strip(string message) => message.StartsWith("-", StringComparison.Ordinal) && message.IndexOf(": ", StringComparison.Ordinal) is int i and > 0
        ? message.Substring(0, i) + " " + message.Substring(i + 2)
        : message;

    private void Invalid(HeroTaskDefinitionException e) =>
        ThrowTerminatingError(new ErrorRecord(e, "HeroTaskInvalidParameter", ErrorCategory.InvalidArgument, null));
}
