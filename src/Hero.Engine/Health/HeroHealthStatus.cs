namespace Hero.Health;

/// <summary>The verdict of one health check. Critical means the check saw something wrong; Error
/// means it could not tell (bad definition, unreadable file, a command that failed); TimedOut means
/// its own timeout or the run's global deadline ran out first.</summary>
public enum HeroHealthStatus
{
    Healthy,
    Warning,
    Critical,
    Error,
    TimedOut,
}
