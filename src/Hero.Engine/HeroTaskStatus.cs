namespace Hero;

public enum HeroTaskStatus
{
    Succeeded,
    Failed,
    TimedOut,
    Stalled,
    Cancelled,
    StartFailed,
    Skipped,
}
