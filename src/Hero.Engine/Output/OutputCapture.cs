using System;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading;

namespace Hero.Output;

/// <summary>Everything Hero does with a child's output, in one pass over each chunk: the bounded tails
/// for the result, the optional full copy in -OutputPath, and whole lines for the live view.</summary>
internal sealed class OutputCapture : IOutputSink, IDisposable
{
    private readonly object _gate = new();
    private readonly Encoding _encoding;
    private readonly TailBuffer _stdoutTail;
    private readonly TailBuffer _stderrTail;
    private FileStream? _tee;
    private int _busy;
    private readonly LineAssembler? _stdoutLines;
    private readonly LineAssembler? _stderrLines;
    private long _lastActivityTimestamp;
    private bool _completed;

    /// <param name="onLine">Null when nobody watches the live view (-Quiet): then no line is ever built.</param>
    public OutputCapture(Encoding encoding, long maxTailBytes, string? teePath, Action<OutputStreamKind, string>? onLine, bool appendTee = false)
    {
        _encoding = encoding;
        _stdoutTail = new TailBuffer(maxTailBytes);
        _stderrTail = new TailBuffer(maxTailBytes);
        if (teePath is not null)
        {
            try
            {
                // Later attempts append, so the file keeps every attempt's output.
                _tee = new FileStream(teePath, appendTee ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.Read, 64 * 1024);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                TeeError = $"Could not write -OutputPath '{teePath}': {e.Message}";
            }
        }

        if (onLine is not null)
        {
            _stdoutLines = new LineAssembler(encoding, line => onLine(OutputStreamKind.StdOut, line));
            _stderrLines = new LineAssembler(encoding, line => onLine(OutputStreamKind.StdErr, line));
        }

        _lastActivityTimestamp = Stopwatch.GetTimestamp();
    }

    /// <summary>Stopwatch timestamp of the last byte seen on either stream (or of the start).</summary>
    public long LastActivityTimestamp => Interlocked.Read(ref _lastActivityTimestamp);

    /// <summary>How long no output arrived. Zero while a chunk is being handled: when the live view
    /// is slow (the pipeline is busy), the wait is Hero's, not the child's, and must not look like a
    /// stall.</summary>
    public TimeSpan IdleTime => Volatile.Read(ref _busy) > 0 ? TimeSpan.Zero : Elapsed(LastActivityTimestamp);

    /// <summary>Whether the child has written anything yet (to either stream).</summary>
    public bool AnyOutput => Volatile.Read(ref _anyOutput);

    private bool _anyOutput;

    /// <summary>Why -OutputPath stopped being written, if it did.</summary>
    public string? TeeError { get; private set; }

    public void OnData(OutputStreamKind stream, byte[] buffer, int count)
    {
        Interlocked.Increment(ref _busy);
        try
        {
            lock (_gate)
            {
                if (_completed)
                {
                    return;
                }

                (stream == OutputStreamKind.StdOut ? _stdoutTail : _stderrTail).Write(buffer, 0, count);
                WriteTee(buffer, count);
                (stream == OutputStreamKind.StdOut ? _stdoutLines : _stderrLines)?.Feed(buffer, 0, count);
            }
        }
        finally
        {
            Interlocked.Exchange(ref _lastActivityTimestamp, Stopwatch.GetTimestamp());
            Volatile.Write(ref _anyOutput, true);
            Interlocked.Decrement(ref _busy);
        }
    }

    /// <summary>A full disk must not kill the child (a reader that stops reading would): the copy
    /// stops, the task goes on, and the result says why.</summary>
    private void WriteTee(byte[] buffer, int count)
    {
        if (_tee is null) return;
        try
        {
            _tee.Write(buffer, 0, count);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TeeError = $"Could not write -OutputPath '{_tee.Name}': {e.Message} The copy stops there.";
            try { _tee.Dispose(); } catch (IOException) { }
            _tee = null;
        }
    }

    /// <summary>Called once the readers have stopped: flushes partial lines and the tee file.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            if (_completed)
            {
                return;
            }

            _completed = true;
            _stdoutLines?.Complete();
            _stderrLines?.Complete();
            try
            {
                _tee?.Flush();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                TeeError ??= $"Could not write -OutputPath '{_tee!.Name}': {e.Message}";
            }
        }
    }

    public string StdOut => Decode(_stdoutTail);

    public string StdErr => Decode(_stderrTail);

    public bool Truncated => _stdoutTail.Truncated || _stderrTail.Truncated;

    private string Decode(TailBuffer tail)
    {
        lock (_gate)
        {
            byte[] bytes = tail.ToArray();
            int skip = 0;
            if (tail.Truncated && _encoding is UTF8Encoding)
            {
                // The cut may fall inside a character: start at the next character boundary.
                while (skip < bytes.Length && skip < 3 && (bytes[skip] & 0xC0) == 0x80) skip++;
            }

            return _encoding.GetString(bytes, skip, bytes.Length - skip);
        }
    }

    private static TimeSpan Elapsed(long since) =>
        TimeSpan.FromTicks((long)((Stopwatch.GetTimestamp() - since) * ((double)TimeSpan.TicksPerSecond / Stopwatch.Frequency)));

    public void Dispose()
    {
        Complete();
        try
        {
            _tee?.Dispose();
        }
        catch (IOException)
        {
        }
    }
}
