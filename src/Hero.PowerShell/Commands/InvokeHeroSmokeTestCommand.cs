using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Hero.Batch;
using Hero.PowerShell.Binding;
using Hero.PowerShell.Hosting;
using Hero.PowerShell.Reporting;
using Hero.Reporting;
using Hero.Slo;

namespace Hero.PowerShell.Commands;

/// <summary>Runs a suite of golden-path commands, each under a deadline of its budget time plus
/// -Buffer, through the one run path (whole-tree kill, heartbeats, bounded output), and judges the
/// runs with Test-HeroSlo's evaluator: a failure or timeout fails, over budget warns (fails with
/// -FailOnBudget). Selecting no entry is an error, never a pass.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "HeroSmokeTest", SupportsShouldProcess = true)]
[OutputType(typeof(HeroSmokeTestSummary))]
public sealed class InvokeHeroSmokeTestCommand : HeroCmdlet
{
    public static readonly TimeSpan DefaultBuffer = TimeSpan.FromSeconds(10);

    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(SmokeCategoryCompleter))]
    public string[]? Category { get; set; }

    [Parameter]
    [DurationTransformation(AllowInfinite = false)]
    public TimeSpan Buffer { get; set; } = DefaultBuffer;

    [Parameter]
    public SwitchParameter FailOnBudget { get; set; }

    [Parameter]
    [ValidateRange(1, 1024)]
    public int ThrottleLimit { get; set; } = 1;

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? JUnitPath { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ResultPath { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ReportPath { get; set; }

    [Parameter]
    [ValidateRange(1, 10000)]
    public int ReportRetention { get; set; } = 20;

    [Parameter]
    public CiPlatform CI { get; set; } = CiPlatform.Auto;

    protected override void EndProcessing()
    {
        string full = PathResolver.FileSystemPath(this, Path)!;
        List<SmokeEntry> selected = Select(Load(full));
        var runs = new List<HeroTaskResult>();
        var session = new TaskSession(this, new TaskSessionOptions
        {
            ThrottleLimit = ThrottleLimit,
            CI = CI,
            ResultPath = PathResolver.FileSystemPath(this, ResultPath),
            SuiteName = System.IO.Path.GetFileNameWithoutExtension(full),
            PowerShellHost = HostEnvironment.CurrentPowerShell((string)SessionState.PSVariable.GetValue("PSHOME")),
            OnResult = runs.Add,
        });
        BatchPlan plan;
        try
        {
            plan = session.Plan(SmokeSuite.Runs(selected));
        }
        catch (HeroTaskDefinitionException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, "HeroSmokeTestInvalid", ErrorCategory.InvalidArgument, full));
            return;
        }

        List<SmokeEntry> confirmed = selected.Where(e => ShouldProcess($"{e.Name}: {Tasks.TaskRunner.Describe(e.Definition)}", $"Run (deadline {Text.DurationParser.Format(e.BudgetTime + Buffer)})")).ToList();
        if (confirmed.Count < selected.Count)
        {
            if (confirmed.Count == 0) return;
            plan = plan.Without(selected.Except(confirmed).SelectMany(e => e.RunNames()).ToList(), out _);
        }

        var clock = Stopwatch.StartNew();
        session.Run(plan);

        List<HeroSloResult> verdicts = SloEvaluator.Evaluate(SmokeJudge.Objectives(confirmed, FailOnBudget), SmokeJudge.Samples(confirmed, runs), null);
        HeroSmokeTestSummary summary = SmokeJudge.Summarize(System.IO.Path.GetFileName(full), confirmed, runs, verdicts, Buffer, clock.Elapsed, FailOnBudget);
        SloReporting.Publish(this, verdicts, summary.Succeeded, new SloReporting.Files
        {
            CI = CI,
            JUnitPath = PathResolver.FileSystemPath(this, JUnitPath),
            ReportPath = PathResolver.FileSystemPath(this, ReportPath),
            ReportRetention = ReportRetention,
            Title = "Hero smoke test " + summary.Suite,
        }, quiet: false);
        WriteHostLine($"Smoke test {summary.Suite}: {summary.Passed}/{summary.Total} passed, {summary.OverBudget} over budget, in {Text.DurationParser.Format(summary.Duration)}.", "summary");
        WriteObject(summary);
        foreach (HeroSmokeTestResult result in summary.Results)
        {
            if (!result.Passed)
            {
                WriteError(new ErrorRecord(new InvalidOperationException($"Smoke test '{result.Name}' {Failure(result)}"), "HeroSmokeTestFailed", ErrorCategory.InvalidResult, result));
            }
            else if (!result.WithinBudget && FailOnBudget)
            {
                WriteError(new ErrorRecord(new InvalidOperationException($"Smoke test '{result.Name}' went over its budget: {result.Message}"), "HeroSmokeTestOverBudget", ErrorCategory.LimitsExceeded, result));
            }
            else if (!result.WithinBudget)
            {
                WriteWarning($"Smoke test '{result.Name}' went over its budget: {result.Message}");
            }
        }

        base.EndProcessing();
    }

    private List<SmokeEntry> Load(string full)
    {
        try
        {
            return SmokeSuite.Read(this, full, Buffer);
        }
        catch (HeroFileFormatException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, "HeroSmokeTestInvalid", ErrorCategory.InvalidData, full));
        }
        catch (FileNotFoundException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, "HeroSmokeTestNotFound", ErrorCategory.ObjectNotFound, full));
        }

        return [];
    }

    /// <summary>-Category (wildcards) selects; selecting nothing is an error, never a pass.</summary>
    private List<SmokeEntry> Select(List<SmokeEntry> entries)
    {
        var patterns = (Category ?? []).Select(c => new WildcardPattern(c, WildcardOptions.IgnoreCase)).ToList();
        List<SmokeEntry> selected = patterns.Count == 0 ? entries : entries.Where(e => e.Category is { } c && patterns.Any(p => p.IsMatch(c))).ToList();
        if (selected.Count == 0)
        {
            string categories = string.Join(", ", entries.Select(e => e.Category).Where(c => c is not null).Distinct(StringComparer.OrdinalIgnoreCase).Select(c => "'" + c + "'"));
            string why = entries.Count == 0 ? "the suite has no entries"
                : $"no entry is in the category {string.Join(" or ", Category!.Select(c => "'" + c + "'"))} (the suite has {(categories.Length == 0 ? "no categories" : categories)})";
            ThrowTerminatingError(new ErrorRecord(new InvalidOperationException($"Nothing to run: {why}. A smoke test that runs nothing does not pass."), "HeroSmokeTestNoTests", ErrorCategory.ObjectNotFound, Path));
        }

        return selected;
    }

    private static string Failure(HeroSmokeTestResult result) => result.Status switch
    {
        HeroTaskStatus.TimedOut => $"timed out after {Text.DurationParser.Format(result.Deadline)} (budget {Text.DurationParser.Format(result.BudgetTime)} + buffer).",
        HeroTaskStatus.Skipped => "did not run: " + (result.Message ?? "an entry it depends on failed."),
        _ => $"failed: {result.Status} (exit code {result.ExitCode}). {result.Message}".TrimEnd(),
    };
}
