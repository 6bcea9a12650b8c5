using System;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;
using Hero.Heartbeats;
using Hero.Logging;
using Hero.PowerShell.Binding;
using Hero.PowerShell.Heartbeats;
using Hero.PowerShell.Hosting;

namespace Hero.PowerShell.Commands;

/// <summary>Starts a heartbeat for a long PowerShell loop: an engine event ("Hero.Heartbeat") every
/// interval, until Stop-HeroHeartbeat, -MaxRuntime or the end of the runspace.</summary>
[Cmdlet(VerbsLifecycle.Start, "HeroHeartbeat", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(HeroHeartbeat))]
public sealed class StartHeroHeartbeatCommand : HeroCmdlet
{
    public const string EventSource = "Hero.Heartbeat";

    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = string.Empty;

    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int TotalSteps { get; set; }

    [Parameter]
    [DurationTransformation(AllowInfinite = false)]
    [ArgumentCompleter(typeof(DurationCompleter))]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(10);

    [Parameter]
    [DurationTransformation]
    [ArgumentCompleter(typeof(DurationCompleter))]
    public TimeSpan MaxRuntime { get; set; } = Timeout.InfiniteTimeSpan;

    protected override void ProcessRecord()
    {
        if (Interval <= TimeSpan.Zero)
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException("-Interval must be greater than 0."), "HeroHeartbeatInvalidInterval", ErrorCategory.InvalidArgument, Interval));
        }

        if (!ShouldProcess(Name, "Start heartbeat"))
        {
            return;
        }

        var heartbeat = new HeroHeartbeat(Name, Interval, MaxRuntime, TotalSteps);
        PSEventManager events = Events;
        heartbeat.Beat += (sender, beat) =>
        {
            // The engine's event queue and the Hero log are safe to use from the timer thread; the
            // pipeline is not.
            events.GenerateEvent(EventSource, sender, [beat], new PSObject(beat));
            if (beat.State == HeartbeatState.Expired)
            {
                HeroLog.Current.WriteToFile(HeroLogLevel.Warning, "Heartbeat {Heartbeat} stopped after its maximum runtime of {MaxRuntimeMs} ms",
                    [new("Heartbeat", beat.Name), new("MaxRuntimeMs", (long)heartbeat.MaxRuntime.TotalMilliseconds), new("Step", beat.Step)]);
                return;
            }

            HeroLog.Current.WriteToFile(HeroLogLevel.Information, "Heartbeat {Heartbeat} beat {Beat}: step {Step} of {TotalSteps}, last update {SinceUpdateMs} ms ago",
                [
                    new("Heartbeat", beat.Name), new("Beat", beat.Beat), new("Step", beat.Step), new("TotalSteps", beat.TotalSteps),
                    new("Status", beat.Status), new("SinceUpdateMs", (long)beat.SinceLastUpdate.TotalMilliseconds),
                    new("ElapsedMs", (long)beat.Elapsed.TotalMilliseconds),
                ]);
        };
        RunspaceHeartbeats.Track(Runspace.DefaultRunspace, heartbeat);
        heartbeat.Start();
        LogRelay.Show(this, HeroLog.Current.Write(HeroLogLevel.Information, "Heartbeat {Heartbeat} started: every {IntervalMs} ms",
            [new("Heartbeat", Name), new("IntervalMs", (long)Interval.TotalMilliseconds), new("TotalSteps", TotalSteps)]), HeroLog.Settings.Console);
        WriteObject(heartbeat);
    }
}
