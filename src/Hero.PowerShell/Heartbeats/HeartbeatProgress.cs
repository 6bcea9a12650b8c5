using System;
using System.Globalization;
using System.Management.Automation;
using Hero.Heartbeats;
using Hero.Text;

namespace Hero.PowerShell.Heartbeats;

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
