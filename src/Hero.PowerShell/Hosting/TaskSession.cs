using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Hero.Batch;
using Hero.PowerShell.Reporting;
using Hero.PowerShell.Scripting;
using Hero.Resilience;
using Hero.Tasks;

namespace Hero.PowerShell.Hosting;

/// <summary>The one run path of every cmdlet that runs tasks; a single task is a batch of one. It
/// plans and validates before anything starts, prepares -Isolation Process, hosts script blocks and
/// -RetryIf judges, runs the batch, and writes on the pipeline thread, in order, each result with its
/// error record and CI group; at the end the JUnit report, the CI summary and $LASTEXITCODE.</summary>
internal sealed class TaskSession
{
    private readonly HeroCmdlet _cmdlet;
    private readonly TaskSessionOptions _options;

    // Results whose -RetryIf judge threw: their error record says so, whatever else they say.
    private readonly ConcurrentDictionary<HeroTaskResult, RetryDecisionException> _undecided = new();

    public TaskSession(HeroCmdlet cmdlet, TaskSessionOptions options)
    {
        _cmdlet = cmdlet;
        _options = options;
    }

    /// <summary>Names, dependencies, shard and every definition checked: nothing has started yet.</summary>
    /// <exception cref="HeroTaskDefinitionException">Names the parameter, and the task when there is
    /// more than one or the user named it.</exception>
    public BatchPlan Plan(IReadOnlyList<HeroTaskDefinition> tasks)
    {
        var named = new HashSet<HeroTaskDefinition>(tasks.Where(t => !string.IsNullOrWhiteSpace(t.Name)));
        BatchPlan plan = BatchPlan.Create(tasks, _options.Shard);
        bool many = plan.Tasks.Count > 1;
        foreach (HeroTaskDefinition task in plan.Tasks)
        {
            try
            {
                TaskRunner.Validate(task);
            }
            catch (HeroTaskDefinitionException e) when (e.TaskName is null && (many || named.Contains(task)))
            {
                throw e.ForTask(task.Name!);
            }
        }

        return plan;
    }

    public void Run(BatchPlan plan)
    {
        bool single = plan.Tasks.Count == 1;
        string suite = _options.SuiteName ?? (single ? plan.Tasks[0].Name! : "Hero");
        using var reporting = new TaskReporting(_cmdlet, _options.CI, _options.ResultPath, _options.JUnitPath, groupsOnly: _options.OnResult is not null);
        using ProcessIsolation? isolation = _options.IsolateScriptBlocks && plan.Tasks.Any(t => t.Kind == HeroTaskKind.ScriptBlock)
            ? new ProcessIsolation()
            : null;
        var isolatedOutput = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (HeroTaskDefinition task in plan.Tasks.Where(t => isolation is not null && t.Kind == HeroTaskKind.ScriptBlock))
        {
            isolatedOutput[task.Name!] = isolation!.Prepare(task, _options.ImportModule, _options.InitializationScript, _options.PowerShellHost);
        }

        HeroTaskResult? firstFailure = null;
        var preferences = HostTaskObserver.Preferences.Of(_cmdlet);

        // One task streams its output live inside its CI group; several tasks in CI show each one's
        // output in its group when it ends, or parallel lines would interleave in one log.
        if (single && reporting.GroupStart(suite) is { } groupStart) _cmdlet.WriteHostLine(groupStart, "ci");
        try
        {
            _cmdlet.RunPumped(async (pump, cancel) =>
            {
                var inner = new HostTaskObserver(_cmdlet, pump, prefixLines: !single, preferences);
                BatchProgress? progress = single ? null : new BatchProgress(_cmdlet, pump, suite, plan.Tasks.Count, inner.NewActivityId());
                var observer = new BatchHostObserver(inner, pump, reporting, liveOutput: single || !reporting.UsesCi, progress, result =>
                {
                    if (single && reporting.GroupEnd() is { } groupEnd) _cmdlet.WriteHostLine(groupEnd, "ci");
                    reporting.TaskFinished(result, withGroup: !single);
                    if (_options.OnResult is { } judge)
                    {
                        judge(result);
                        return;
                    }

                    _cmdlet.WriteObject(result);
                    if (ErrorFor(result) is { } error)
                    {
                        firstFailure ??= result;
                        _cmdlet.WriteError(error);
                    }
                });
                using var scripts = new SessionScriptHost(pump, single ? 1 : _options.ThrottleLimit, _options.ImportModule, _options.InitializationScript, observer);

                async Task<HeroTaskResult> Execute(HeroTaskDefinition task, ITaskObserver taskObserver, CancellationToken stop)
                {
                    HeroTaskResult result;
                    try
                    {
                        result = await TaskRunner.RunAsync(task, taskObserver, stop, scripts).ConfigureAwait(false);
                    }
                    catch (RetryDecisionException e) when (e.LastResult is { } judged)
                    {
                        judged.Message = e.Message;
                        _undecided[judged] = e;
                        result = judged;
                    }

                    if (isolatedOutput.TryGetValue(task.Name!, out string? outputPath))
                    {
                        result.Output = ProcessIsolation.ReadOutput(outputPath);
                    }

                    return result;
                }

                var options = new BatchOptions { ThrottleLimit = _options.ThrottleLimit, FailFast = _options.FailFast };
                return await BatchRunner.RunAsync(plan, options, Execute, observer, cancel).ConfigureAwait(false);
            });
        }
        finally
        {
            // Also when a failure turned terminating (-ErrorAction Stop) or Ctrl+C: the reports and
            // $LASTEXITCODE still describe what ran.
            reporting.Finish(suite);
            IReadOnlyList<HeroTaskResult> finished = reporting.Finished;
            HeroTaskResult? failed = firstFailure ?? finished.FirstOrDefault(r => ErrorFor(r) is not null);
            int exitCode = failed?.ExitCode ?? (finished.Count > 0 ? finished[finished.Count - 1].ExitCode : 0);
            if (_cmdlet.StopRequested)
            {
                // Ctrl+C ends the call without its results reaching the pipeline: say what it stopped.
                exitCode = ExitCodes.Cancelled;
                _cmdlet.WriteFinalWarning(StoppedWarning(finished, single));
            }

            _cmdlet.SessionState.PSVariable.Set("global:LASTEXITCODE", exitCode);
        }

        if (reporting.ReportError is { } problem)
        {
            // The tasks' results stand; the report is an error of its own.
            _cmdlet.WriteError(new ErrorRecord(new System.IO.IOException(problem), "HeroTaskReportFailed", ErrorCategory.WriteError, null));
        }
    }

    private static string StoppedWarning(IReadOnlyList<HeroTaskResult> finished, bool single)
    {
        var cancelled = finished.Where(r => r.Status == HeroTaskStatus.Cancelled).ToList();
        int killed = finished.Sum(r => r.KilledProcessCount);
        if (single)
        {
            string name = finished.Count > 0 ? finished[0].Name : "task";
            return $"Task '{name}' stopped by Ctrl+C; ended {killed} process(es).";
        }

        string names = string.Join(", ", cancelled.Take(10).Select(r => r.Name)) + (cancelled.Count > 10 ? ", ..." : string.Empty);
        return $"Stopped by Ctrl+C: {cancelled.Count} task(s) cancelled ({names}); ended {killed} process(es).";
    }

    private ErrorRecord? ErrorFor(HeroTaskResult result) =>
        _undecided.TryGetValue(result, out RetryDecisionException? undecided)
            ? new ErrorRecord(undecided, "HeroRetryIfFailed", ErrorCategory.InvalidOperation, result)
            : TaskErrors.For(result);
}
