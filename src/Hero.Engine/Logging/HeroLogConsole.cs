namespace Hero.Logging;

public enum HeroLogConsole
{
    /// <summary>Warnings and errors reach the host; information goes to the Verbose stream.</summary>
    Auto,

    /// <summary>Information is shown in the host too.</summary>
    On,

    /// <summary>Nothing from the log reaches the host (the Verbose narration stays).</summary>
    Off,
}
