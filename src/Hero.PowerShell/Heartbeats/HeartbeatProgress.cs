using System;
using System.Globalization;
using System.Management.Automation;
using Hero.Heartbeats;
using Hero.Text;

namespace Hero.PowerShell.Heartbeats;

/// <summary>The progress view of heartbeats: a script's own (Update- and Stop-HeroHeartbeat) and a
/// running task's.</summary>
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

    /// <summary>A running task's progress bar.</summary>
    public static ProgressRecord Record(TaskHeartbeat heartbeat, int activityId, string status, int parentActivityId)
    {
        var record = new ProgressRecord(activityId, heartbeat.TaskName, status) { ParentActivityId = parentActivityId };
        if (heartbeat.TimeLeft is { } left && left > TimeSpan.Zero)
        {
            record.SecondsRemaining = (int)Math.Ceiling(left.TotalSeconds);
        }

        return record;
    }

    /// <param name="withTimeLeft">False for a progress record, which shows the time left itself.</param>
    public static string Describe(TaskHeartbeat heartbeat, bool withTimeLeft)
    {
        var parts = new System.Collections.Generic.List<string>
        {
            "running " + DurationParser.Format(heartbeat.Elapsed),
        };
        if (heartbeat.Attempt > 1) parts.Add("attempt " + heartbeat.Attempt.ToString(CultureInfo.InvariantCulture));
        if (withTimeLeft && heartbeat.TimeLeft is { } left) parts.Add(DurationParser.Format(left < TimeSpan.Zero ? TimeSpan.Zero : left) + " left");
        parts.Add(heartbeat.AnyOutput ? "last output " + DurationParser.Format(heartbeat.IdleTime) + " ago" : "no output yet");

        // A sample of no processes is one taken as the tree ended: it says nothing about the task.
        if (heartbeat.TreeMemoryBytes is { } memory && heartbeat.ProcessCount > 0) parts.Add(SizeParser.Format(memory) + " in " + heartbeat.ProcessCount + " process(es)");
        if (heartbeat.TreeCpuTime is { } cpu) parts.Add("cpu " + DurationParser.Format(cpu));
        return string.Join(", ", parts);
    }
}
