namespace Hero.Logging;

/// <summary>The host's side of an event: whether it shows events of a level at all, and the event as
/// written, to echo. May be called from any thread.</summary>
public interface ILogObserver
{
    /// <summary>Whether the host shows events of this level at all: events nobody would see or store
    /// are not even built.</summary>
    bool Wants(HeroLogLevel level);

    /// <summary>A lifecycle event as written to the Hero log (whatever the file's minimum level).</summary>
    void OnLog(HeroLogRecord record);
}
