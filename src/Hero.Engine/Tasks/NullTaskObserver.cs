using Hero.Heartbeats;
using Hero.Logging;
using Hero.Output;
using Hero.Resilience;

namespace Hero.Tasks;

/// <summary>Ignores everything: for callers that only want the result.</summary>
public sealed class NullTaskObserver : ITaskObserver
{
    public static readonly NullTaskObserver Instance = new();

    public void OnOutputLine(string taskName, OutputStreamKind stream, string line) { }

    public void OnLog(HeroLogRecord record) { }

    public bool Wants(HeroLogLevel level) => false;

    public void OnHeartbeat(TaskHeartbeat heartbeat) { }

    public void OnRetryWait(RetryWait wait) { }
}
