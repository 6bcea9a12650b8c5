using System.Management.Automation;
using Hero.Commands.Infrastructure;
using Hero.Logging;

namespace Hero.Commands;

/// <summary>Shows the process's Hero log configuration and the session's trace id.</summary>
[Cmdlet(VerbsCommon.Get, "HeroLogging")]
[OutputType(typeof(HeroLoggingConfiguration))]
public sealed class GetHeroLoggingCommand : HeroCmdlet
{
    protected override void ProcessRecord() => WriteObject(HeroLog.Settings);
}
