namespace Hero.Guardian;

/// <summary>When a kept-alive command is started again after it ends. Always: after every end
/// (except an exit code given with -SuccessExitCode). OnFailure: after an exit code that is not a
/// success code, a signal, or a stop by a probe, the watchdog or the memory limit. Never: not at all.</summary>
public enum GuardianRestartPolicy
{
    OnFailure,
    Always,
    Never,
}
