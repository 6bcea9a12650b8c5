namespace Hero.Guardian;

/// <summary>What a guardian does: keep one command running, or run a duty on a schedule.</summary>
public enum GuardianMode
{
    KeepAlive,
    Every,
}
