using System.Management.Automation;
using Hero.Correlation;
using Hero.PowerShell.Hosting;

namespace Hero.PowerShell.Commands;

/// <summary>A new W3C trace id (32 lowercase hex digits), for -CorrelationId.</summary>
[Cmdlet(VerbsCommon.New, "HeroCorrelationId")]
[OutputType(typeof(string))]
public sealed class NewHeroCorrelationIdCommand : HeroCmdlet
{
    protected override void ProcessRecord() => WriteObject(TraceContext.NewTraceId());
}
