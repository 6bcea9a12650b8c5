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

public enum HeroLogFormat
{
    /// <summary>Compact log event format: one JSON object per line (@t, @mt, @l, @tr, @sp, ...).</summary>
    Clef,

    /// <summary>Plain text lines for people.</summary>
    Text,
}

public enum HeroLogConsole
{
    /// <summary>Warnings and errors reach the host; information goes to the Verbose stream.</summary>
    Auto,

    /// <summary>Information is shown in the host too.</summary>
    On,

    /// <summary>Nothing from the log reaches the host (the Verbose narration stays).</summary>
    Off,
}
