using Hero.Heartbeats;
using Hero.Logging;
using Hero.Output;
using Hero.Resilience;

namespace Hero.Tasks;

/// <summary>How the engine reports to its host while a task runs. Every member may be called from
/// any thread: the PowerShell layer queues the calls and writes them from the pipeline thread.</summary>
public interface ITaskObserver : IRetryObserver
{
    void OnOutputLine(string taskName, OutputStreamKind stream, string line);

    void OnHeartbeat(TaskHeartbeat heartbeat);
}
