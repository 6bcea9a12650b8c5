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
    public string[] DependsOn { get; set; } = [];

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

        WriteObject(task);
    }
}
