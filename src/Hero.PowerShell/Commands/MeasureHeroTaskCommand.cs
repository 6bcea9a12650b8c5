using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Hero.Measurement;
using Hero.PowerShell.Binding;
using Hero.PowerShell.Hosting;
using Hero.PowerShell.Reporting;
using Hero.PowerShell.Scripting;

namespace Hero.PowerShell.Commands;

/// <summary>Measures commands as hyperfine does (warmup, at least 10 runs and 3 s, statistics,
/// outliers, comparisons, hyperfine's exports), timing each run from Hero's own spawn to the exit and
/// accounting CPU and peak memory for the whole process tree.</summary>
[Cmdlet(VerbsDiagnostic.Measure, "HeroTask", DefaultParameterSetName = FilePathSet, SupportsShouldProcess = true)]
[OutputType(typeof(HeroMeasurement))]
public sealed class MeasureHeroTaskCommand : TaskDefinitionCmdlet
{
    private const string InputObjectSet = "InputObject";
    private readonly List<MeasurementTargets.Spec> _specs = [];
    private readonly List<HeroMeasurement> _results = [];
    private MeasurementSettings _settings = new();
    private object? _setup, _prepare, _conclude, _cleanup;
    private string? _json, _markdown, _csv;

    /// <summary>Targets from New-HeroTask or hashtables of Invoke-HeroTask parameter names.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    public object? InputObject { get; set; }

    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int Iterations { get; set; }

    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int MinIterations { get; set; } = MeasurementSettings.DefaultMinIterations;

    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int MaxIterations { get; set; }

    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int Warmup { get; set; } = MeasurementSettings.DefaultWarmup;

    [Parameter]
    public object? Setup { get; set; }

    [Parameter]
    public object? Prepare { get; set; }

    [Parameter]
    public object? Conclude { get; set; }

    [Parameter]
    public object? Cleanup { get; set; }

    [Parameter]
    public SwitchParameter IgnoreExitCode { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    [ValidatePattern(@"^[A-Za-z_][A-Za-z0-9_]*$")]
    public string? ParameterName { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public object[]? ParameterValue { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Reference { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ExportJson { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ExportMarkdown { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ExportCsv { get; set; }

    // Retries and attempts describe how Invoke-HeroTask runs a task; a measurement times each run as
    // it is, and keeps only a few KiB of each run's stderr. Redeclared without [Parameter], the shared
    // base's parameters for them are not this cmdlet's: they are neither bound nor in its help.
    public new TimeSpan AttemptTimeout { get; set; }

    public new int RetryCount { get; set; }

    public new TimeSpan RetryDelay { get; set; }

    public new TimeSpan MaxRetryDelay { get; set; }

    public new Hero.Resilience.RetryBackoff RetryBackoff { get; set; }

    public new SwitchParameter NoJitter { get; set; }

    public new int[]? RetryOnExitCode { get; set; }

    public new SwitchParameter RetryOnTimeout { get; set; }

    public new ScriptBlock? RetryIf { get; set; }

    public new long MaxOutputBytes { get; set; }

    /// <summary>Not a parameter to use: its aliases are the ambiguous prefixes of this cmdlet's
    /// parameters, so an ambiguous -x is caught and explained (<see cref="CommandLineTrap"/>). A test
    /// keeps the list in step with the parameters.</summary>
    [Parameter(DontShow = true)]
    [Alias("c", "co", "con", "e", "en", "er", "err", "erro", "error", "ex", "exp", "expo", "expor", "export",
        "i", "m", "p", "pa", "par", "para", "param", "parame", "paramet", "paramete", "parameter", "s", "sc",
        "scr", "scri", "scrip", "script", "st", "sta", "stan", "stand", "standa", "standar", "standard",
        "standardi", "standardin", "standardinp", "standardinpu", "w")]
    public SwitchParameter __AmbiguousPrefix { get; set; }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        try
        {
            Bound(nameof(Iterations), out int? iterations);
            Bound(nameof(MaxIterations), out int? max);
            if (iterations is not null && (Bound(nameof(MinIterations), out _) || max is not null))
            {
                throw new HeroTaskDefinitionException("give either an exact number of runs or -MinIterations/-MaxIterations, not both.", nameof(Iterations));
            }

            _settings = new MeasurementSettings
            {
                Iterations = iterations,
                MinIterations = MinIterations,
                MaxIterations = max,
                Warmup = Warmup,
                IgnoreExitCode = IgnoreExitCode,
            };
            _settings.Validate();
            if ((ParameterName is null) != (ParameterValue is null))
            {
                throw new HeroTaskDefinitionException("a parameter scan needs both -ParameterName and -ParameterValue.", ParameterName is null ? nameof(ParameterName) : nameof(ParameterValue));
            }

            _setup = MeasurementTargets.HookValue(Setup, nameof(Setup));
            _prepare = MeasurementTargets.HookValue(Prepare, nameof(Prepare));
            _conclude = MeasurementTargets.HookValue(Conclude, nameof(Conclude));
            _cleanup = MeasurementTargets.HookValue(Cleanup, nameof(Cleanup));
            _json = MeasurementReporting.CheckPath(this, ExportJson, nameof(ExportJson));
            _markdown = MeasurementReporting.CheckPath(this, ExportMarkdown, nameof(ExportMarkdown));
            _csv = MeasurementReporting.CheckPath(this, ExportCsv, nameof(ExportCsv));
        }
        catch (HeroTaskDefinitionException e)
        {
            Invalid(e);
        }
    }

    protected override void ProcessRecord()
    {
        try
        {
            HeroTaskDefinition task = ParameterSetName == InputObjectSet
                ? TaskInput.FromInput(InputObject, _specs.Count + 1, this, SessionPowerShell())
                : BuildDefinition();
            if (ParameterSetName == ScriptBlockSet)
            {
                task.ScriptBlock = ((ScriptBlockPayload)task.ScriptBlock!).WithInput(null, hasInput: false, ArgumentList);
            }

            MeasurementTargets.RejectRunPolicy(task, ParameterSetName == InputObjectSet ? task.Name ?? $"#{_specs.Count + 1}" : null);
            if (task.Kind != HeroTaskKind.ScriptBlock) Hero.Tasks.TaskRunner.Validate(task);
            _specs.AddRange(MeasurementTargets.Expand(task, ParameterName, MeasurementTargets.ScanValues(ParameterValue)));
        }
        catch (HeroTaskDefinitionException e)
        {
            Invalid(e);
        }
    }

    protected override void EndProcessing()
    {
        try
        {
            MeasurementTargets.CheckNames(_specs);
            if (Reference is not null && !_specs.Any(s => string.Equals(s.Name, Reference, StringComparison.OrdinalIgnoreCase)))
            {
                throw new HeroTaskDefinitionException(
                    $"no target is named '{Reference}'. The targets are: {string.Join(", ", _specs.Select(s => "'" + s.Name + "'"))}.", nameof(Reference));
            }
        }
        catch (HeroTaskDefinitionException e)
        {
            Invalid(e);
        }

        List<MeasurementTargets.Spec> chosen = _specs.Where(s => ShouldProcess(s.Name, Plan())).ToList();
        if (chosen.Count > 0)
        {
            try
            {
                RunPumped((pump, cancel) => MeasureAllAsync(chosen, pump, cancel));
            }
            finally
            {
                // Also after a failure turned terminating: what was measured is still exported.
                MeasurementReporting.Export(this, _results, Reference, _json, _markdown, _csv);
            }

            if (_results.Count > 1 && !Quiet)
            {
                foreach (string line in RelativeSpeed.SummaryLines(_results, Reference)) WriteHostLine(line, "summary");
            }
        }

        base.EndProcessing();
    }

    private string Plan()
    {
        string runs = _settings.Iterations is int exact ? $"{exact} runs" : $"at least {_settings.MinIterations} runs and 3 s";
        return $"Measure ({runs} after {_settings.Warmup} warmup run(s))";
    }

    private async Task<bool> MeasureAllAsync(List<MeasurementTargets.Spec> specs, PipelinePump pump, CancellationToken cancel)
    {
        var preferences = HostTaskObserver.Preferences.Of(this);
        var logs = new HostTaskObserver(this, pump, prefixLines: false, preferences);
        foreach (MeasurementTargets.Spec spec in specs)
        {
            var progress = new MeasurementHostObserver(this, pump, spec.Definition.HeartbeatInterval);
            using MeasuredScriptBlock? script = spec.Definition.ScriptBlock is ScriptBlockPayload payload
                ? new MeasuredScriptBlock(payload, spec.Parameters, spec.Definition.GracePeriod)
                : null;
            MeasurementHook? Hook(object? value, string stage) => MeasurementTargets.Hook(value, stage, spec, script, (block, parameters) => SessionHook(pump, block, parameters));
            var target = new MeasurementTarget
            {
                Name = spec.Name,
                Definition = spec.Definition,
                Script = script,
                Parameters = spec.Parameters,
                Setup = Hook(_setup, "setup"),
                Prepare = Hook(_prepare, "prepare"),
                Conclude = Hook(_conclude, "conclude"),
                Cleanup = Hook(_cleanup, "cleanup"),
            };
            try
            {
                HeroMeasurement result = await MeasurementRunner.RunAsync(target, _settings, progress, logs, cancel).ConfigureAwait(false);
                pump.Post(() =>
                {
                    _results.Add(result);
                    foreach (string warning in result.Warnings) WriteWarning($"'{result.Name}': {warning}");
                    WriteObject(result);
                });
            }
            catch (MeasurementFailedException e)
            {
                pump.Post(() => WriteError(MeasurementReporting.Error(e)));
            }
            catch (HeroTaskDefinitionException e)
            {
                pump.Post(() => WriteError(new ErrorRecord(e, "HeroMeasurementInvalidParameter", ErrorCategory.InvalidArgument, spec.Name)));
            }
            finally
            {
                progress.Complete();
            }
        }

        return true;
    }

    /// <summary>A script-block hook of a program target runs in this session, on the pipeline thread,
    /// with the scan value as a variable; an error in it is the hook's failure.</summary>
    private static MeasurementHook SessionHook(PipelinePump pump, ScriptBlock block, IReadOnlyDictionary<string, string> parameters) =>
        new("{ " + block.ToString().Trim() + " }", async cancel =>
        {
            var variables = parameters.Select(p => new PSVariable(p.Key, p.Value)).ToList();
            variables.Add(new PSVariable("ErrorActionPreference", ActionPreference.Stop));
            try
            {
                return await pump.InvokeAsync<string?>(() =>
                {
                    try
                    {
                        block.InvokeWithContext(null, variables);
                        return null;
                    }
                    catch (RuntimeException e)
                    {
                        return e.ErrorRecord?.ToString() ?? e.Message;
                    }
                }).ConfigureAwait(false);
            }
            catch (TaskCanceledException)
            {
                cancel.ThrowIfCancellationRequested();
                return "the pipeline stopped.";
            }
        });

    private bool Bound(string name, out int? value)
    {
        bool bound = MyInvocation.BoundParameters.TryGetValue(name, out object? raw);
        value = bound ? (int)raw! : null;
        return bound;
    }

    private void Invalid(HeroTaskDefinitionException e) =>
        ThrowTerminatingError(new ErrorRecord(e, "HeroMeasurementInvalidParameter", ErrorCategory.InvalidArgument, null));
}
