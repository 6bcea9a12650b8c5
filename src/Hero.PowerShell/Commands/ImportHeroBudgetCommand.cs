using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using Hero.Budgets;
using Hero.PowerShell.Binding;
using Hero.PowerShell.Hosting;

namespace Hero.PowerShell.Commands;

/// <summary>Turns budget files into objectives for Test-HeroSlo, normalising their units: Hero's own
/// objectives, OpenSLO v1, and the legacy shapes (slo.config.js as JSON, .ci-performance-budgets.json,
/// named {time, memory, cpu} budgets, MAX_*/MIN_* environment names). Fields Hero has no objective
/// for are kept and listed with -Verbose.</summary>
[Cmdlet(VerbsData.Import, "HeroBudget", DefaultParameterSetName = PathSet)]
[OutputType(typeof(HeroSloObjective))]
public sealed class ImportHeroBudgetCommand : HeroCmdlet
{
    private const string PathSet = "Path";
    private const string EnvironmentSet = "FromEnvironment";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = PathSet)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    [Parameter(ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(BudgetEnvironmentCompleter))]
    public string? Environment { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = EnvironmentSet)]
    public SwitchParameter FromEnvironment { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == EnvironmentSet) return;
        foreach (string path in Path)
        {
            string full = PathResolver.FileSystemPath(this, path)!;
            try
            {
                Write(BudgetImporter.Import(full, BudgetFiles.Documents(full), Environment));
            }
            catch (HeroFileFormatException e)
            {
                WriteError(new ErrorRecord(e, "HeroBudgetInvalid", ErrorCategory.InvalidData, full));
            }
            catch (FileNotFoundException e)
            {
                WriteError(new ErrorRecord(e, "HeroBudgetNotFound", ErrorCategory.ObjectNotFound, full));
            }
        }
    }

    protected override void EndProcessing()
    {
        if (ParameterSetName == EnvironmentSet)
        {
            BudgetMap names = EnvironmentBudgetShape.FromEnvironment(System.Environment.GetEnvironmentVariables());
            if (names.Count == 0)
            {
                WriteError(new ErrorRecord(new InvalidOperationException("No MAX_* or MIN_* environment variable is set (MAX_BUILD_TIME_SECONDS, MIN_AVAILABILITY_PERCENT ...)."),
                    "HeroBudgetNotFound", ErrorCategory.ObjectNotFound, null));
            }
            else
            {
                var import = new BudgetImport("EnvironmentNames");
                EnvironmentBudgetShape.Read(names, new BudgetFields("(environment)", import));
                Write(import);
            }
        }

        base.EndProcessing();
    }

    private void Write(BudgetImport import)
    {
        WriteVerbose($"{import.Format}: {import.Objectives.Count} objective(s).");
        foreach (string note in import.Notes) WriteVerbose(note);
        foreach (KeyValuePair<string, object?> unknown in import.Unknown)
        {
            WriteVerbose($"Kept, no objective: {unknown.Key} = {Show(unknown.Value)}");
        }

        foreach (HeroSloObjective objective in import.Objectives) WriteObject(objective);
    }

    private static string Show(object? value) => value switch
    {
        null => "null",
        string text => "'" + text + "'",
        double number => number.ToString(CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        BudgetMap map => "{ " + string.Join(", ", map.Keys) + " }",
        List<object?> list => $"[{list.Count} item(s)]",
        _ => value.ToString() ?? string.Empty,
    };
}
