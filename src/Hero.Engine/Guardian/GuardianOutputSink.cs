using System.Diagnostics;
using System.Threading;
using Hero.Output;

namespace Hero.Guardian;

/// <summary>Where the guarded child's pipes go: straight into the rotating output files (no copy kept
/// in memory), noting when the child last wrote anything, for the watchdog.</summary>
internal sealed class GuardianOutputSink : IOutputSink
{
    private readonly RotatingOutputLog _log;
    private long _lastOutput = Stopwatch.GetTimestamp();

    public GuardianOutputSink(RotatingOutputLog log)
    {
        _log = log;
    }

    /// <summary>Stopwatch timestamp of the last output (or of the start).</summary>
    public long LastOutput => Interlocked.Read(ref _lastOutput);

    public void OnData(OutputStreamKind stream, byte[] buffer, int count)
    {
        Interlocked.Exchange(ref _lastOutput, Stopwatch.GetTimestamp());
        _log.Write(buffer, 0, count);
    }
}
