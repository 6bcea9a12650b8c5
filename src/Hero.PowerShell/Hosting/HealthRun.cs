using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Hero.Health;
using Hero.PowerShell.Commands;
using Hero.PowerShell.Reporting;
using Hero.Reporting;
using Hero.Tasks;

namespace Hero.PowerShell.Hosting;

/// <summary>One Test-HeroHealth run on the pipeline: the checks through the engine's runner while
/// the pipeline thread writes each verdict, its progress and its CI group as it arrives; then, with
/// -Fix, each declared fix of a check that did not pass, under ShouldProcess, followed by that check
/// once more; at the end the JUnit report and CI summary, through the batches' reporting.</summary>
internal sealed class HealthRun
{
    private readonly TestHeroHealthCommand _cmdlet;
    private readonly IReadOnlyList<HealthCheck> _checks;
    private readonly HealthContext _context;
    private readonly HealthRunOptions _options;
    private readonly bool _fix;
    private readonly bool _emit;
    private readonly string? _junitPath;
    private readonly CiPlatform _ci;
    private readonly int _activityId;
    private int _done;

    public HealthRun(TestHeroHealthCommand cmdlet, IReadOnlyList<HealthCheck> checks, HealthContext context, HealthRunOptions options,
        bool fix, bool emit, string? junitPath, CiPlatform ci)
    {
        _cmdlet = cmdlet;
        _checks = checks;
        _context = context;
        _options = options;
        _fix = fix;
        _emit = emit;
        _junitPath = junitPath;
        _ci = ci;
        _activityId = Math.Abs(cmdlet.GetHashCode() % 100_000) * 100 + 98;
    }

    public IReadOnlyList<HeroHealthResult> Execute()
    {
        using var reporting = new TaskReporting(_cmdlet, _ci, null, _junitPath);
        var preferences = HostTaskObserver.Preferences.Of(_cmdlet);
        IReadOnlyList<HeroHealthResult> results;
        try
        {
            results = _cmdlet.RunPumped(async (pump, cancel) =>
            {
                _context.Observer = new HostTaskObserver(_cmdlet, pump, prefixLines: true, preferences);
                return await HealthRunner.RunAsync(_checks, _options, _context, result =>
                {
                    if (AwaitsFix(result)) return;
                    HeroTaskResult row = HealthReportRows.ToTaskResult(result);
                    reporting.Record(row);
                    pump.Post(() => Report(result, row, reporting));
                }, cancel).ConfigureAwait(false);
            });
            if (_fix) results = results.Select(r => AwaitsFix(r) ? FixAndCheckAgain(r, reporting, preferences) : r).ToList();
        }
        finally
        {
            // Also after Ctrl+C: the reports describe what ran; the progress bar may be gone with the pipeline.
            reporting.Finish(HealthReportRows.SuiteName);
            ProgressDone();
        }

        if (reporting.ReportError is { } problem)
        {
            _cmdlet.WriteError(new ErrorRecord(new System.IO.IOException(problem), "HeroHealthReportFailed", ErrorCategory.WriteError, null));
        }

        return results;
    }

    private void ProgressDone() => _cmdlet.CompleteProgress(_activityId, "Test-HeroHealth");

    private bool AwaitsFix(HeroHealthResult result) => _fix && result.Fix is not null && result.Status != HeroHealthStatus.Healthy;

    /// <summary>On the pipeline thread: progress, the CI group and annotation, the object.</summary>
    private void Report(HeroHealthResult result, HeroTaskResult row, TaskReporting reporting)
    {
        _done++;
        _cmdlet.WriteProgress(new ProgressRecord(_activityId, "Test-HeroHealth", $"{_done} of {_checks.Count} checks done; {result.Name}: {result.Status}")
        {
            PercentComplete = Math.Min(100, _done * 100 / Math.Max(1, _checks.Count)),
        });
        reporting.TaskFinished(row, withGroup: true);
        if (_emit) _cmdlet.WriteObject(result);
    }

    private HeroHealthResult FixAndCheckAgain(HeroHealthResult before, TaskReporting reporting, HostTaskObserver.Preferences preferences)
    {
        HealthCheck check = _checks.First(c => string.Equals(c.Name, before.Name, StringComparison.OrdinalIgnoreCase));
        HeroHealthResult after = before;
        if (_cmdlet.ConfirmFix(before))
        {
            HeroTaskDefinition fix = check.Fix!.Clone();
            fix.WorkingDirectory ??= _context.BaseDirectory;
            fix.GracePeriod = _context.GracePeriod;
            HeroTaskResult fixRun = _cmdlet.RunPumped(async (pump, cancel) =>
                await TaskRunner.RunAsync(fix, new HostTaskObserver(_cmdlet, pump, prefixLines: false, preferences), cancel).ConfigureAwait(false));
            after = _cmdlet.RunPumped(async (pump, cancel) =>
            {
                _context.Observer = new HostTaskObserver(_cmdlet, pump, prefixLines: true, preferences);
                var once = new HealthRunOptions { ThrottleLimit = 1, Timeout = check.Timeout };
                return (await HealthRunner.RunAsync([check], once, _context, null, cancel).ConfigureAwait(false))[0];
            });
            after.FixResult = fixRun;
            if (TaskErrors.For(fixRun) is not null)
            {
                _cmdlet.WriteError(new ErrorRecord(new HeroTaskException(TaskErrors.Message(fixRun), fixRun), "HeroHealthFixFailed", ErrorCategory.InvalidResult, after));
            }
        }

        HeroTaskResult row = HealthReportRows.ToTaskResult(after);
        reporting.Record(row);
        Report(after, row, reporting);
        return after;
    }
}
