using System.Management.Automation;
using Hero.PowerShell.Binding;
using Hero.PowerShell.Reporting;
using Hero.PowerShell.Scripting;

namespace Hero.PowerShell.Commands;

/// <summary>Defines a task without running it, for a batch: `New-HeroTask ... | Invoke-HeroTask`.
/// Takes the same parameters as Invoke-HeroTask, plus -DependsOn.</summary>
[Cmdlet(VerbsCommon.New, "HeroTask", DefaultParameterSetName = FilePathSet)]
[OutputType(typeof(HeroTaskDefinition))]
public sealed class NewHeroTaskCommand : TaskDefinitionCmdlet
{
    [Parameter]
    [ValidateNotNull]
    [ArgumentCompleter(typeof(TaskNameCompleter))]
    public string[] DependsOn { get; set; } = [];

    /// <summary>Not a parameter to use: its aliases are the ambiguous prefixes of this cmdlet's
    /// parameters, so an ambiguous -x is caught and explained (<see cref="CommandLineTrap"/>). A test
    /// keeps the list in step with the parameters.</summary>
    [Parameter(DontShow = true)]
    [Alias("a", "c", "co", "e", "en", "er", "err", "erro", "error", "i", "in", "inf", "info", "infor",
        "inform", "informa", "informat", "informati", "informatio", "information", "m", "ma", "max", "n",
        "r", "re", "ret", "retr", "retry", "retryo", "retryon", "s", "sc", "scr", "scri", "scrip", "script",
        "st", "sta", "stan", "stand", "standa", "standar", "standard", "standardi", "standardin",
        "standardinp", "standardinpu")]
    public SwitchParameter __AmbiguousPrefix { get; set; }

    protected override void ProcessRecord()
    {
        HeroTaskDefinition task;
        try
        {
            task = BuildDefinition();
        }
        catch (HeroTaskDefinitionException e)
        {
            ThrowTerminatingError(TaskErrors.Invalid(e));
            return;
        }

        if (ParameterSetName == ScriptBlockSet && task.ScriptBlock is ScriptBlockPayload payload)
        {
            task.ScriptBlock = payload.WithInput(null, false, ArgumentList);
        }

        TaskNameCompleter.Remember(task.Name);
        WriteObject(task);
    }
}
