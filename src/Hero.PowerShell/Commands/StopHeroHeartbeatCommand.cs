using System.Management.Automation;
using Hero.Heartbeats;
using Hero.Logging;
using Hero.PowerShell.Heartbeats;
using Hero.PowerShell.Hosting;

namespace Hero.PowerShell.Commands;

/// <summary>Stops a heartbeat's timer, closes its progress bar and records how the loop ended.</summary>
[Cmdlet(VerbsLifecycle.Stop, "HeroHeartbeat", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(HeroHeartbeat))]
public sealed class StopHeroHeartbeatCommand : HeroCmdlet
{
    public enum StopStatus
    {
        Completed,
        Failed,
        Cancelled,
    }

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ValidateNotNull]
    public HeroHeartbeat Heartbeat { get; set; } = null!;

    [Parameter]
    public StopStatus Status { get; set; } = StopStatus.Completed;

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        if (!ShouldProcess(Heartbeat.Name, $"Stop heartbeat ({Status})"))
        {
            return;
        }

        Heartbeat.Stop(Status switch
        {
            StopStatus.Failed => HeartbeatState.Failed,
            StopStatus.Cancelled => HeartbeatState.Cancelled,
            _ => HeartbeatState.Completed,
        });
        ProgressRecord done = HeartbeatProgress.Record(Heartbeat);
        done.RecordType = ProgressRecordType.Completed;
        WriteProgress(done);
        HeroLogRecord record = HeroLog.Current.Write(
            Heartbeat.State == HeartbeatState.Completed ? HeroLogLevel.Information : HeroLogLevel.Warning,
            "Heartbeat {Heartbeat} {State} after {ElapsedMs} ms, {Beats} beat(s), step {Step} of {TotalSteps}",
            [
                new("Heartbeat", Heartbeat.Name), new("State", Heartbeat.State.ToString()), new("ElapsedMs", (long)Heartbeat.Elapsed.TotalMilliseconds),
                new("Beats", Heartbeat.Beats), new("Step", Heartbeat.Step), new("TotalSteps", Heartbeat.TotalSteps),
            ]);
        LogRelay.Show(this, record, HeroLog.Settings.Console);
        if (PassThru)
        {
            WriteObject(Heartbeat);
        }
    }
}
