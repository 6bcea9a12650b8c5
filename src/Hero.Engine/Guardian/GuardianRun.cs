using System;
using Hero.Health;
using Hero.Logging;
using static Hero.Guardian.GuardianEvents;

namespace Hero.Guardian;

/// <summary>What one worker's loops share: the definition, the folder, the state writer, the events,
/// the requests and the output files.</summary>
internal sealed class GuardianRun
{
    public GuardianRun(GuardianSpec spec, GuardianPaths paths, GuardianStateWriter state, GuardianEvents events, GuardianControl control, RotatingOutputLog output, IGuardianHost host)
    {
        Spec = spec;
        Paths = paths;
        State = state;
        Events = events;
        Control = control;
        Output = output;
        Host = host;
    }

    public GuardianSpec Spec { get; }

    public GuardianPaths Paths { get; }

    public GuardianStateWriter State { get; }

    public GuardianEvents Events { get; }

    public GuardianControl Control { get; }

    public RotatingOutputLog Output { get; }

    public IGuardianHost Host { get; }

    public TimeSpan GracePeriod => Spec.GracePeriod;

    public HealthContext HealthContext(string baseDirectory, TimeSpan grace) => new(baseDirectory) { GracePeriod = grace, PowerShellVersion = Host.PowerShellVersion };

    /// <summary>Records a stop or restart request as carried out (what the requester waits for).</summary>
    public void Handled(string? requestId)
    {
        if (requestId is null) return;
        State.Update(s => s.HandledRequest = requestId);
    }

    /// <summary>Records the guardian's end as Stopped (on request, unless a message says why) and logs it.</summary>
    public HeroGuardianState Stopped(string? message)
    {
        State.Update(s =>
        {
            s.State = HeroGuardianState.Stopped;
            s.NextRun = null;
            s.Message = message ?? "Stopped on request.";
        });
        Events.Emit(HeroLogLevel.Information, "Guardian {Guardian} stopped: {Reason}", P("Reason", message ?? "on request"));
        return HeroGuardianState.Stopped;
    }
}
