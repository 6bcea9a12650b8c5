using System.Collections.Concurrent;
using Hero.Heartbeats;
using Hero.Logging;
using Hero.Output;
using Hero.Resilience;
using Hero.Tasks;

namespace Hero.Tests.Support;

/// <summary>An observer that keeps the lines, heartbeats and retry waits a task reported.</summary>
public sealed class RecordingObserver : ITaskObserver
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ConcurrentQueue<TaskHeartbeat> Heartbeats { get; } = new();

    public void OnOutputLine(string taskName, OutputStreamKind stream, string line) => Lines.Enqueue($"{taskName}|{stream}|{line}");

    public void OnLog(HeroLogRecord record) { }

    public bool Wants(HeroLogLevel level) => true;

    public ConcurrentQueue<RetryWait> Waits { get; } = new();

    public void OnHeartbeat(TaskHeartbeat heartbeat) => Heartbeats.Enqueue(heartbeat);

    public void OnRetryWait(RetryWait wait) => Waits.Enqueue(wait);
}
