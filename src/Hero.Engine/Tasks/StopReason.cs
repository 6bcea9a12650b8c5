namespace Hero.Tasks;

internal enum StopReason
{
    None,
    TimedOut,
    Stalled,
    Cancelled,

    /// <summary>The host (the pwsh that runs the task) is exiting: a signal, or the end of its script.</summary>
    HostExiting,
}
