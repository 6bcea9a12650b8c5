using System.Management.Automation;
using Hero.Guardian;
using Hero.PowerShell.Binding;

namespace Hero.PowerShell.Commands;

/// <summary>Deletes a stopped guardian: its state folder (definition, state, output files) and, for a
/// persisted one, its service definition. A running guardian is refused: stop it first.</summary>
[Cmdlet(VerbsCommon.Remove, "HeroGuardian", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(void))]
public sealed class RemoveHeroGuardianCommand : GuardianCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(GuardianNameCompleter))]
    public string[] Name { get; set; } = [];

    protected override void ProcessRecord()
    {
        foreach (GuardianPaths paths in Selected(Name, allowWildcards: true))
        {
            if (!ShouldProcess($"guardian '{paths.Name}' ({paths.Folder})", "Remove")) continue;
            try
            {
                Await(async cancel =>
                {
                    await GuardianOperations.RemoveAsync(paths, cancel).ConfigureAwait(false);
                    return true;
                });
            }
            catch (HeroGuardianException e)
            {
                WriteError(Error(e));
            }
            catch (System.IO.IOException e)
            {
                WriteError(new ErrorRecord(e, "HeroGuardianRemoveFailed", ErrorCategory.WriteError, paths.Folder));
            }
        }
    }
}
