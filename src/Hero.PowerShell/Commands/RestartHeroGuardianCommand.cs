using System;
using System.Management.Automation;
using Hero.Guardian;
using Hero.PowerShell.Binding;

namespace Hero.PowerShell.Commands;

/// <summary>Restarts a guardian's command without stopping the guardian (the worker ends the child
/// with the stop sequence and starts it again at once, from the first delay of its curve; a duty runs
/// now). A guardian whose worker is not running (Stopped, Fatal, Stale) gets a new worker.</summary>
[Cmdlet(VerbsLifecycle.Restart, "HeroGuardian", SupportsShouldProcess = true)]
[OutputType(typeof(HeroGuardianInfo))]
public sealed class RestartHeroGuardianCommand : GuardianRequestCmdlet
{
    public RestartHeroGuardianCommand()
        : base(TimeSpan.FromSeconds(30))
    {
    }

    protected override void ProcessRecord()
    {
        foreach (GuardianPaths paths in Selected(Name, allowWildcards: true))
        {
            if (!ShouldProcess($"guardian '{paths.Name}'", "Restart its command")) continue;
            try
            {
                HeroGuardianInfo info = Await(async cancel =>
                {
                    if (!await GuardianOperations.RequestRestartAsync(paths, Timeout, cancel).ConfigureAwait(false))
                    {
                        GuardianSpec spec = GuardianSpec.Read(paths);
                        return await GuardianLauncher.LaunchAsync(spec, paths, GuardianSpecBuilder.WorkerStartOf(spec.WorkerCommand, paths), cancel).ConfigureAwait(false);
                    }

                    return GuardianCatalog.Read(paths);
                });
                if (PassThru) WriteObject(info);
            }
            catch (HeroGuardianException e)
            {
                WriteError(Error(e));
            }
        }
    }
}
