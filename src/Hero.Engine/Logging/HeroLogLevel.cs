namespace Hero.Logging;

/// <summary>Serilog's levels under Hero's own name, so no Serilog type reaches a parameter.</summary>
public enum HeroLogLevel
{
    Verbose,
    Debug,
    Information,
    Warning,
    Error,
    Fatal,
}
