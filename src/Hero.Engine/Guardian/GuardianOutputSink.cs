using System.Diagnostics;
using System.Text;
using System.Threading;
using Hero.Output;
using Hero.Security;

namespace Hero.Guardian;

/// <summary>Where the guarded child's pipes go: straight into the rotating output files (no copy kept
/// in memory), noting when the child last wrote anything, for the watchdog. When the session that
/// started the guardian registered secrets, the output goes line by line through the masker instead
/// (each stream assembled on its own, so a secret split across two reads is still found): the output
/// files are a log like any other.</summary>
internal sealed class GuardianOutputSink : IOutputSink
{
    private readonly RotatingOutputLog _log;
    private readonly LineAssembler? _out;
    private readonly LineAssembler? _err;
    private long _lastOutput = Stopwatch.GetTimestamp();

    public GuardianOutputSink(RotatingOutputLog log, Encoding encoding, SecretMasker masker)
    {
        _log = log;
        if (masker.Count > 0)
        {
            _out = new LineAssembler(encoding, line => _log.WriteLine(masker.MaskValues(line)));
            _err = new LineAssembler(encoding, line => _log.WriteLine(masker.MaskValues(line)));
        }
    }

    /// <summary>Stopwatch timestamp of the last output (or of the start).</summary>
    public long LastOutput => Interlocked.Read(ref _lastOutput);

    public void OnData(OutputStreamKind stream, byte[] buffer, int count)
    {
        Interlocked.Exchange(ref _lastOutput, Stopwatch.GetTimestamp());
        LineAssembler? lines = stream == OutputStreamKind.StdErr ? _err : _out;
        if (lines is null)
        {
            _log.Write(buffer, 0, count);
            return;
        }

        lock (lines) lines.Feed(buffer, 0, count);
    }

    /// <summary>After the child's output closed: a last line without its line end is written too.</summary>
    public void Complete()
    {
        foreach (LineAssembler? lines in new[] { _out, _err })
        {
            if (lines is null) continue;
            lock (lines) lines.Complete();
        }
    }
}
