using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using Hero.Health;
using Hero.PowerShell.Binding;
using Hero.PowerShell.Hosting;
using Hero.PowerShell.Reporting;
using Hero.Reporting;
using Hero.Tasks;

namespace Hero.PowerShell.Commands;

/// <summary>The doctor: runs health checks in parallel under one global deadline, each under its own
/// timeout, and reports each verdict. Never fixes anything unless -Fix is given, and then only
/// through ShouldProcess.</summary>
[Cmdlet(VerbsDiagnostic.Test, "HeroHealth", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = ResultsSet)]
[OutputType(typeof(HeroHealthResult), ParameterSetName = [ResultsSet])]
[OutputType(typeof(HeroHealthSummary), ParameterSetName = [SummarySet])]
[OutputType(typeof(bool), ParameterSetName = [QuietSet])]
public sealed class TestHeroHealthCommand : HeroCmdlet
{
    private const string ResultsSet = "Results";
    private const string SummarySet = "Summary";
    private const string QuietSet = "Quiet";

    /// <summary>-Quick answers within a second: its global deadline is at most this.</summary>
    internal static readonly TimeSpan QuickBudget = TimeSpan.FromMilliseconds(750);

    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string[]? Path { get; set; }

    [Parameter]
    [ValidateNotNull]
    public Hashtable[]? Check { get; set; }

    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(HealthCheckNameCompleter))]
    public string[]? Name { get; set; }

    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = 2;

    [Parameter]
    [DurationTransformation]
    public TimeSpan Timeout { get; set; } = HealthRunOptions.DefaultTimeout;

    [Parameter]
    [DurationTransformation]
    public TimeSpan CheckTimeout { get; set; } = HealthCheck.DefaultTimeout;

    [Parameter]
    [DurationTransformation(AllowInfinite = false)]
    public TimeSpan GracePeriod { get; set; } = HeroTaskDefinition.DefaultGracePeriod;

    [Parameter]
    public SwitchParameter Quick { get; set; }

    [Parameter]
    public SwitchParameter Fix { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = QuietSet)]
    public SwitchParameter Quiet { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = SummarySet)]
    public SwitchParameter Summary { get; set; }

    [Parameter]
    public CiPlatform CI { get; set; } = CiPlatform.Auto;

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? JUnitPath { get; set; }

    protected override void EndProcessing()
    {
        string? junit = PathResolver.FileSystemPath(this, JUnitPath);
        if (junit is not null && System.IO.Path.GetDirectoryName(junit) is { } folder && !System.IO.Directory.Exists(folder))
        {
            ThrowTerminatingError(new ErrorRecord(new ArgumentException($"-JUnitPath: the folder of '{junit}' does not exist.", nameof(JUnitPath)),
                "HeroHealthInvalidParameter", ErrorCategory.InvalidArgument, JUnitPath));
        }

        var context = new HealthContext(PathResolver.CurrentDirectory(this)) { PowerShellVersion = SessionVersion(), GracePeriod = GracePeriod };
        List<HealthCheck> checks = Select(context);
        if (checks.Count == 0)
        {
            var none = new HeroHealthSummary([], TimeSpan.Zero);
            string why = Quick ? "-Quick leaves out every check that starts a program, and no other check is left" : "no check matches -Name";
            WriteError(new ErrorRecord(new HeroHealthException($"No health check to run: {why}. A run that checks nothing is not a pass.", none), "HeroHealthNoChecks", ErrorCategory.ObjectNotFound, none));
            if (Quiet) WriteObject(false);
            base.EndProcessing();
            return;
        }

        var options = new HealthRunOptions { ThrottleLimit = ThrottleLimit, Timeout = Quick && (Timeout <= TimeSpan.Zero || Timeout > QuickBudget) ? QuickBudget : Timeout };
        var run = new HealthRun(this, checks, context, options, Fix, emit: !Quiet && !Summary, junit, CI);
        var clock = Stopwatch.StartNew();
        IReadOnlyList<HeroHealthResult> results = run.Execute();
        var summary = new HeroHealthSummary(results, clock.Elapsed);
        if (!Quiet) WriteHostLine($"Health: {summary} in {summary.Duration.TotalSeconds:0.0} s.", "summary");
        if (Quiet)
        {
            WriteObject(!summary.IsProblem);
        }
        else
        {
            if (Summary) WriteObject(summary);
            if (summary.IsProblem)
            {
                string failed = string.Join("; ", results.Where(r => r.IsProblem).Select(r => $"{r.Name} ({r.Status}: {r.Message})"));
                string message = $"{results.Count(r => r.IsProblem)} of {results.Count} health check(s) failed: {failed}";
                WriteError(new ErrorRecord(new HeroHealthException(message, summary), "HeroHealthCritical", ErrorCategory.InvalidResult, summary));
            }
        }

        base.EndProcessing();
    }

    private List<HealthCheck> Select(HealthContext context)
    {
        List<HealthCheck> checks;
        try
        {
            checks = HealthCheckInput.Load(p => PathResolver.FileSystemPath(this, p)!, Path, Check, CheckTimeout, context);
        }
        catch (HealthCheckDefinitionException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, "HeroHealthInvalidCheck", ErrorCategory.InvalidArgument, e.Field));
            throw;
        }

        if (Name is not null)
        {
            var patterns = Name.Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToList();
            checks = checks.Where(c => patterns.Any(p => p.IsMatch(c.Name))).ToList();
        }

        return Quick ? checks.Where(c => !c.StartsProcess).ToList() : checks;
    }

    /// <summary>$PSVersionTable.PSVersion: the engine has no PowerShell of its own to ask.</summary>
    private Version? SessionVersion()
    {
        object? table = DictionaryConversion.Unwrap(GetVariableValue("PSVersionTable"));
        object? version = table is IDictionary values ? DictionaryConversion.Unwrap(values["PSVersion"]) : null;
        string text = Convert.ToString(version, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
        int suffix = text.IndexOfAny(['-', '+']);
        if (suffix > 0) text = text.Substring(0, suffix);
        return VersionText.TryParse(text, out Version? parsed) ? parsed : null;
    }

    /// <summary>-Fix's question, asked on the pipeline thread.</summary>
    internal bool ConfirmFix(HeroHealthResult result) => ShouldProcess(result.Name, $"Run the fix '{result.Fix}'");
}
