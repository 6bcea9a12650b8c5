using System.Management.Automation;
using Hero.Logging;
using Hero.PowerShell.Hosting;

namespace Hero.PowerShell.Commands;

/// <summary>Shows the process's Hero log configuration and the session's trace id.</summary>
[Cmdlet(VerbsCommon.Get, "HeroLogging")]
[OutputType(typeof(HeroLoggingConfiguration))]
public sealed class GetHeroLoggingCommand : HeroCmdlet
{
    protected override void ProcessRecord() => WriteObject(HeroLog.Settings);
}
