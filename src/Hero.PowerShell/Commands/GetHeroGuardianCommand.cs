using System.Collections.Generic;
using System.Management.Automation;
using Hero.Guardian;
using Hero.PowerShell.Binding;

namespace Hero.PowerShell.Commands;

/// <summary>Shows guardians as their state files say, judged: a worker whose heartbeat is older than
/// three intervals, or whose pid now belongs to another process, is Stale, not Running.</summary>
[Cmdlet(VerbsCommon.Get, "HeroGuardian")]
[OutputType(typeof(HeroGuardianInfo))]
public sealed class GetHeroGuardianCommand : GuardianCmdlet
{
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(GuardianNameCompleter))]
    public string[] Name { get; set; } = ["*"];

    protected override void ProcessRecord()
    {
        foreach (GuardianPaths paths in Selected(Name, allowWildcards: true))
        {
            try
            {
                WriteObject(GuardianCatalog.Read(paths));
            }
            catch (HeroGuardianException e)
            {
                WriteError(Error(e));
            }
        }
    }
}
