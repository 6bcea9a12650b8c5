namespace Hero;

/// <summary>What a violated objective does: a Warning warns; an Error fails the gate; a Critical one
/// fails it too and is reported as critical (the legacy enforcers' top severity).</summary>
public enum HeroSloLevel
{
    Warning,
    Error,
    Critical,
}
