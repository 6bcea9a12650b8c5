using System;
using System.Management.Automation;
using Hero.Guardian;
using Hero.PowerShell.Binding;

namespace Hero.PowerShell.Commands;

/// <summary>Asks a guardian's worker to stop (it ends its command with the stop sequence), waits up to
/// -Timeout, then ends that worker's tree, and nothing else, by force. A persisted guardian is stopped
/// through its service manager and kept from starting at the next login.</summary>
[Cmdlet(VerbsLifecycle.Stop, "HeroGuardian", SupportsShouldProcess = true)]
[OutputType(typeof(HeroGuardianInfo))]
public sealed class StopHeroGuardianCommand : GuardianRequestCmdlet
{
    public StopHeroGuardianCommand()
        : base(TimeSpan.FromSeconds(10))
    {
    }

    protected override void ProcessRecord()
    {
        foreach (GuardianPaths paths in Selected(Name, allowWildcards: true))
        {
            if (!ShouldProcess($"guardian '{paths.Name}'", "Stop")) continue;
            try
            {
                (HeroGuardianInfo info, bool forced) = Await(cancel => GuardianOperations.StopAsync(paths, Timeout, cancel));
                if (forced) WriteWarning($"The worker of guardian '{paths.Name}' did not stop within {Hero.Text.DurationParser.Format(Timeout)}: its tree was ended by force.");
                if (PassThru) WriteObject(info);
            }
            catch (HeroGuardianException e)
            {
                WriteError(Error(e));
            }
        }
    }
}
