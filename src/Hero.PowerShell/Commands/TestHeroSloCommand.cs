using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Hero.Budgets;
using Hero.PowerShell.Binding;
using Hero.PowerShell.Hosting;
using Hero.PowerShell.Reporting;
using Hero.Reporting;
using Hero.Slo;

namespace Hero.PowerShell.Commands;

/// <summary>Evaluates objectives against measurements (HeroMeasurement, HeroTaskResult from the
/// pipeline; -ResultPath files) and, with -BaselinePath, against a previous run; writes one
/// HeroSloResult per objective and task, and a HeroSloViolation error for each failure.</summary>
[Cmdlet(VerbsDiagnostic.Test, "HeroSlo", SupportsShouldProcess = true)]
[OutputType(typeof(HeroSloResult), typeof(bool))]
public sealed class TestHeroSloCommand : HeroCmdlet
{
    private readonly List<SloSample> _samples = [];

    [Parameter(ValueFromPipeline = true)]
    public object? InputObject { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? ResultPath { get; set; }

    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public object[]? Objective { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(BudgetEnvironmentCompleter))]
    public string? Environment { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? BaselinePath { get; set; }

    [Parameter]
    public SwitchParameter UpdateBaseline { get; set; }

    [Parameter]
    [ValidateCount(1, 3)]
    public object[]? RegressionThreshold { get; set; }

    [Parameter]
    public SwitchParameter RequireData { get; set; }

    [Parameter]
    public SwitchParameter Quiet { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? JUnitPath { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ReportPath { get; set; }

    [Parameter]
    [ValidateRange(1, 10000)]
    public int ReportRetention { get; set; } = 20;

    [Parameter]
    public CiPlatform CI { get; set; } = CiPlatform.Auto;

    protected override void ProcessRecord()
    {
        switch (DictionaryConversion.Unwrap(InputObject))
        {
            case null:
                return;
            case HeroMeasurement measurement:
                _samples.AddRange(SloSample.From(measurement));
                return;
            case HeroTaskResult result:
                if (SloSample.Counts(result)) _samples.Add(SloSample.From(result));
                return;
            case object other:
                if (!Quiet)
                {
                    WriteError(new ErrorRecord(new ArgumentException($"Test-HeroSlo evaluates HeroMeasurement and HeroTaskResult objects, not a {other.GetType().Name}."),
                        "HeroSloInputInvalid", ErrorCategory.InvalidType, InputObject));
                }

                return;
        }
    }

    protected override void EndProcessing()
    {
        string? baselinePath = PathResolver.FileSystemPath(this, BaselinePath);
        bool firstBaseline = baselinePath is not null && UpdateBaseline && !File.Exists(baselinePath);
        if (firstBaseline && !Quiet) WriteVerbose($"-BaselinePath: '{baselinePath}' does not exist yet; no regression check this time, and this run becomes the baseline if it passes.");
        List<SloObjectivePlan> plans = Plans(regressionCheck: baselinePath is not null && !firstBaseline);
        foreach (string file in ResultPath ?? [])
        {
            _samples.AddRange(ReadInput(PathResolver.FileSystemPath(this, file)!));
        }

        List<SloSample>? baseline = null;
        if (baselinePath is not null)
        {
            baseline = File.Exists(baselinePath) ? ReadInput(baselinePath)
                : UpdateBaseline ? []
                : throw Terminate(new FileNotFoundException($"-BaselinePath: '{baselinePath}' does not exist. Write a first baseline with -UpdateBaseline."), "HeroSloBaselineNotFound", ErrorCategory.ObjectNotFound);
        }

        List<HeroSloResult> results;
        try
        {
            results = SloEvaluator.Evaluate(plans, _samples, baseline);
        }
        catch (HeroSloObjectiveException e)
        {
            throw Terminate(e, "HeroSloInvalidObjective", ErrorCategory.InvalidArgument);
        }

        bool passed = SloTally.Of(results).GatePassed(RequireData);
        SloReporting.Publish(this, results, passed, new SloReporting.Files
        {
            CI = CI,
            JUnitPath = PathResolver.FileSystemPath(this, JUnitPath),
            ReportPath = PathResolver.FileSystemPath(this, ReportPath),
            ReportRetention = ReportRetention,
        }, Quiet);
        if (baselinePath is not null && UpdateBaseline) WriteBaseline(baselinePath, passed);

        if (Quiet)
        {
            WriteObject(passed);
        }
        else
        {
            if (results.Count > 0) WriteHostLine($"SLO: {(passed ? "passed" : "failed")}, {SloTally.Of(results)}.", "summary");
            SloReporting.Emit(this, results, RequireData);
        }

        base.EndProcessing();
    }

    /// <summary>Objectives from -Path and -Objective, plus the regression check when -BaselinePath is
    /// given and no objective refers to the baseline; all checked before anything is read.</summary>
    private List<SloObjectivePlan> Plans(bool regressionCheck)
    {
        var objectives = new List<HeroSloObjective>();
        var import = new BudgetImport("Hero");
        try
        {
            if (Path is not null)
            {
                BudgetImport file = BudgetFiles.Import(this, Path, Environment);
                objectives.AddRange(file.Objectives);
                foreach (string note in file.Notes) WriteVerbose(note);
            }
            else if (Environment is not null)
            {
                throw new HeroSloObjectiveException("-Environment", "Environment", "applies to an slo.config file given with -Path.");
            }

            if (Objective is not null) objectives.AddRange(ObjectiveInput.From(Objective, import));
            List<SloObjectivePlan> plans = objectives.Select(SloObjectivePlan.Compile).ToList();
            if (regressionCheck && !plans.Any(p => p.Threshold.Value.HasBaseline))
            {
                plans.AddRange(RegressionObjectives.Create(RegressionLevels()).Select(SloObjectivePlan.Compile));
            }

            if (plans.Count == 0 && !(BaselinePath is not null && UpdateBaseline))
            {
                throw new HeroSloObjectiveException("(none)", "Objective", "nothing to evaluate: give objectives with -Path or -Objective, or a -BaselinePath to check for regressions.");
            }

            if (BaselinePath is null && plans.FirstOrDefault(p => p.Threshold.Value.HasBaseline) is { } needsBaseline)
            {
                throw new HeroSloObjectiveException(needsBaseline.Name, "Threshold", "it refers to 'baseline'; give the baseline with -BaselinePath.", needsBaseline.Objective.Threshold);
            }

            return plans;
        }
        catch (HeroSloObjectiveException e)
        {
            throw Terminate(e, "HeroSloInvalidObjective", ErrorCategory.InvalidArgument);
        }
        catch (HeroFileFormatException e)
        {
            throw Terminate(e, "HeroBudgetInvalid", ErrorCategory.InvalidData);
        }
        catch (FileNotFoundException e)
        {
            throw Terminate(e, "HeroBudgetNotFound", ErrorCategory.ObjectNotFound);
        }
    }

    private List<double> RegressionLevels()
    {
        if (RegressionThreshold is null) return [.. RegressionObjectives.DefaultLevels];
        var levels = new List<double>();
        foreach (object value in RegressionThreshold)
        {
            object? bare = DictionaryConversion.Unwrap(value);
            string text = Convert.ToString(bare, System.Globalization.CultureInfo.InvariantCulture)?.Trim() ?? string.Empty;
            bool percent = text.EndsWith("%", StringComparison.Ordinal);
            if (!double.TryParse(percent ? text.TrimEnd('%') : text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double level)
                || level <= 0 || (!percent && level >= 10))
            {
                throw new HeroSloObjectiveException("regression", "RegressionThreshold", $"'{text}' is not a slowdown; give fractions (0.10) or percentages ('10%'): warning, fail, critical.");
            }

            levels.Add(percent ? level / 100 : level);
        }

        if (levels.Zip(levels.Skip(1), (a, b) => a < b).Any(up => !up))
        {
            throw new HeroSloObjectiveException("regression", "RegressionThreshold", "the levels must grow: warning < fail < critical.");
        }

        return levels;
    }

    private List<SloSample> ReadInput(string path)
    {
        SloInputReader.Reading reading = SloInputReader.Read(path);
        if (!Quiet)
        {
            foreach (HeroFileFormatException problem in reading.Problems)
            {
                WriteError(new ErrorRecord(problem, "HeroSloInputInvalid", ErrorCategory.InvalidData, path));
            }
        }

        return reading.Samples;
    }

    /// <summary>A failing run does not become the baseline: the next run would compare against the
    /// regression and pass.</summary>
    private void WriteBaseline(string path, bool passed)
    {
        if (_samples.Count == 0)
        {
            if (!Quiet) WriteWarning($"-UpdateBaseline: no samples, so '{path}' was not written.");
            return;
        }

        if (!passed)
        {
            if (!Quiet) WriteWarning($"-UpdateBaseline: the gate failed, so '{path}' was not updated; a failing run does not become the baseline.");
            return;
        }

        if (!ShouldProcess(path, "Update the baseline")) return;
        try
        {
            BaselineWriter.Write(path, _samples);
            if (!Quiet) WriteVerbose($"Baseline written: '{path}' ({_samples.Count} samples).");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            WriteError(new ErrorRecord(new IOException($"-BaselinePath: could not write '{path}': {e.Message} The previous baseline, if any, is unchanged.", e), "HeroSloReportFailed", ErrorCategory.WriteError, path));
        }
    }

    /// <summary>Throws the terminating error; returns only so that callers can write 'throw Terminate(...)'
    /// and the compiler sees the path end.</summary>
    private PipelineStoppedException Terminate(Exception e, string id, ErrorCategory category)
    {
        ThrowTerminatingError(new ErrorRecord(e, id, category, null));
        return new PipelineStoppedException();
    }
}
