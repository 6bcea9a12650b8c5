using Hero.Heartbeats;
using Hero.Logging;
using Hero.Output;

namespace Hero.Tasks;

/// <summary>How the engine reports to its host while a task runs. Every member may be called from
/// any thread: the PowerShell layer queues the calls and writes them from the pipeline thread.</summary>
public interface ITaskObserver
{
    void OnOutputLine(string taskName, OutputStreamKind stream, string line);

    /// <summary>A lifecycle event as written to the Hero log (whatever the file's minimum level).</summary>
    void OnLog(HeroLogRecord record);

    /// <summary>Whether the host shows events of this level at all: events nobody would see or store
    /// are not even built.</summary>
    bool Wants(HeroLogLevel level);

    void OnHeartbeat(TaskHeartbeat heartbeat);
}
