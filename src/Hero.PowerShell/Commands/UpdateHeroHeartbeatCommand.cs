using System;
using System.Globalization;
using System.Management.Automation;
using Hero.Commands.Infrastructure;
using Hero.Heartbeats;
using Hero.Text;

namespace Hero.Commands;

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

/// <summary>The progress view of a heartbeat, shared by Update- and Stop-HeroHeartbeat.</summary>
internal static class HeartbeatProgress
{
    private const int ActivityIdBase = 7_000_000;

    public static ProgressRecord Record(HeroHeartbeat heartbeat)
    {
        var record = new ProgressRecord(ActivityIdBase + heartbeat.Id, heartbeat.Name, Describe(heartbeat));
        if (heartbeat.TotalSteps > 0)
        {
            record.PercentComplete = (int)Math.Min(100, Math.Max(0, heartbeat.Step * 100L / heartbeat.TotalSteps));
        }

        if (heartbeat.Remaining is { } left)
        {
            record.SecondsRemaining = (int)Math.Ceiling(left.TotalSeconds);
        }

        return record;
    }

    public static string Describe(HeroHeartbeat heartbeat)
    {
        string step = heartbeat.TotalSteps > 0
            ? $"step {heartbeat.Step.ToString(CultureInfo.InvariantCulture)}/{heartbeat.TotalSteps.ToString(CultureInfo.InvariantCulture)}"
            : $"step {heartbeat.Step.ToString(CultureInfo.InvariantCulture)}";
        string status = string.IsNullOrEmpty(heartbeat.Status) ? string.Empty : ": " + heartbeat.Status;
        return $"{step}{status} (running {DurationParser.Format(heartbeat.Elapsed)})";
    }
}
