namespace Hero.Guardian;

/// <summary>Why a guardian operation failed; each has its own FullyQualifiedErrorId in the cmdlets.</summary>
public enum HeroGuardianProblem
{
    NotFound,
    AlreadyRunning,
    StillRunning,
    StartFailed,
    StopFailed,
    ServiceFailed,
}
