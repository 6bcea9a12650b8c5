namespace Hero.Guardian;

/// <summary>Where a guardian is. Starting: the worker is coming up or starting the child. Running:
/// the child runs (or, for a duty, the schedule does). Backoff: the child ended and the worker waits to
/// start it again. Fatal: the restart budget ran out; nothing more is started. Stopped: stopped on
/// request, or the child ended and the policy said not to start it again. Stale: the state says the
/// worker runs, but its heartbeat is older than three intervals or its process is not the one that
/// wrote it (it died, or its pid now belongs to another process).</summary>
public enum HeroGuardianState
{
    Starting,
    Running,
    Backoff,
    Stale,
    Fatal,
    Stopped,
}
