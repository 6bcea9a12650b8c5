using System.Management.Automation;
using Hero.Heartbeats;
using Hero.PowerShell.Heartbeats;
using Hero.PowerShell.Hosting;

namespace Hero.PowerShell.Commands;

/// <summary>Reports progress of a heartbeat's loop from the caller's thread: a progress record, and
/// in a non-interactive host a plain line at most once per interval.</summary>
[Cmdlet(VerbsData.Update, "HeroHeartbeat")]
[OutputType(typeof(HeroHeartbeat))]
public sealed class UpdateHeroHeartbeatCommand : HeroCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ValidateNotNull]
    public HeroHeartbeat Heartbeat { get; set; } = null!;

    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int? Step { get; set; }

    [Parameter]
    public string? Status { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        Heartbeat.Update(Step, Status);
        bool lineDue = HostEnvironment.IsNonInteractive && Heartbeat.TakeLineSlot();
        WriteProgress(HeartbeatProgress.Record(Heartbeat));
        if (lineDue)
        {
            WriteHostLine($"[{Heartbeat.Name}] {HeartbeatProgress.Describe(Heartbeat)}", "heartbeat", Heartbeat.Name);
        }

        if (PassThru)
        {
            WriteObject(Heartbeat);
        }
    }
}
