namespace Hero.Tasks;

internal enum StopReason
{
    None,
    TimedOut,
    Stalled,
    Cancelled,
}
