using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace Hero.Logging;

/// <summary>The log file, shared by every process that names it. A batch of events is appended in one
/// piece under a machine-wide lock, and the file rolls by size into name_001.ext, name_002.ext (Serilog's
/// names, which Get-HeroLog follows), keeping the newest files only.</summary>
/// <remarks>Serilog's shared file sink locks with a named mutex whose name has no "Global\" prefix; on
/// Unix .NET scopes such a mutex to the session, and every Hero task runs in a session of its own, so
/// tasks that logged to one file overwrote each other's lines. A Global\ mutex is one per machine.</remarks>
internal sealed class SharedLogFile : ILogEventSink, ILogBatchSink, IDisposable
{
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(10);

    private readonly string _path;
    private readonly ITextFormatter _formatter;
    private readonly long _sizeLimit;
    private readonly int _retained;
    private readonly Mutex _lock;
    private readonly object _gate = new();
    private FileStream? _stream;

    public SharedLogFile(string path, ITextFormatter formatter, long sizeLimit, int retainedFileCount)
    {
        _path = Path.GetFullPath(path);
        _formatter = formatter;
        _sizeLimit = sizeLimit > 0 ? sizeLimit : long.MaxValue;
        _retained = Math.Max(1, retainedFileCount);
        _lock = new Mutex(false, @"Global\Hero.Log." + LockName(_path));
    }

    public void Emit(LogEvent logEvent) => Write([logEvent]);

    /// <summary>Appends the events in as few writes as the size limit allows, each whole lines, so no
    /// other process's lines land inside them.</summary>
    public void Write(IReadOnlyCollection<LogEvent> events)
    {
        List<byte[]> lines = events.Select(Format).Where(b => b.Length > 0).ToList();
        if (lines.Count == 0) return;
        lock (_gate)
        {
            bool owned;
            try
            {
                owned = _lock.WaitOne(LockWait);
            }
            catch (AbandonedMutexException)
            {
                owned = true; // A writer died holding it; the file is as it left it.
            }

            if (!owned) throw new IOException($"The log file '{_path}' stayed locked by another process for {LockWait.TotalSeconds:0} s.");
            try
            {
                for (int next = 0; next < lines.Count;)
                {
                    FileStream stream = StreamFor(lines[next].Length);
                    long room = _sizeLimit - stream.Length;
                    using var chunk = new MemoryStream();
                    do
                    {
                        chunk.Write(lines[next], 0, lines[next].Length);
                        next++;
                    }
                    while (next < lines.Count && chunk.Length + lines[next].Length <= room);

                    stream.Seek(0, SeekOrigin.End);
                    chunk.WriteTo(stream);
                    stream.Flush();
                }
            }
            finally
            {
                _lock.ReleaseMutex();
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stream?.Dispose();
            _stream = null;
        }

        _lock.Dispose();
    }

    private byte[] Format(LogEvent logEvent)
    {
        using var text = new StringWriter();
        _formatter.Format(logEvent, text);
        return Utf8.GetBytes(text.ToString());
    }

    /// <summary>The file to append to, rolled on when the current one is full (by anyone's writes:
    /// every process sees the same sizes). Called under the lock.</summary>
    private FileStream StreamFor(int incoming)
    {
        if (_stream is null)
        {
            _stream = Open(Newest());
        }

        if (_stream.Length > 0 && _stream.Length + incoming > _sizeLimit)
        {
            string newest = Newest();
            _stream.Dispose();
            _stream = null;

            // Another process may have rolled already: join its file if it has room.
            _stream = Open(newest);
            if (_stream.Length > 0 && _stream.Length + incoming > _sizeLimit)
            {
                _stream.Dispose();
                _stream = Open(Sequenced(SequenceOf(newest) + 1));
                DropOldFiles();
            }
        }

        return _stream;
    }

    private string Newest()
    {
        IReadOnlyList<string> files = ClefReader.WithRolledFiles(_path);
        return files.Count > 0 ? files[files.Count - 1] : _path;
    }

    private static FileStream Open(string path) =>
        new(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);

    private int SequenceOf(string file) =>
        string.Equals(file, _path, StringComparison.Ordinal) ? 0 : int.Parse(Path.GetFileNameWithoutExtension(file).Substring(Path.GetFileNameWithoutExtension(_path).Length + 1), System.Globalization.CultureInfo.InvariantCulture);

    private string Sequenced(int sequence) =>
        Path.Combine(Path.GetDirectoryName(_path)!, Path.GetFileNameWithoutExtension(_path) + "_" + sequence.ToString("000", System.Globalization.CultureInfo.InvariantCulture) + Path.GetExtension(_path));

    private void DropOldFiles()
    {
        foreach (string old in ClefReader.WithRolledFiles(_path).Reverse().Skip(_retained))
        {
            try
            {
                File.Delete(old);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Serilog.Debugging.SelfLog.WriteLine("Hero could not delete the old log file {0}: {1}", old, e.Message);
            }
        }
    }

    /// <summary>One lock per file: the same path from any process gives the same name (upper-cased on
    /// Windows, whose paths ignore case).</summary>
    private static string LockName(string fullPath)
    {
        string key = System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Windows)
            ? fullPath.ToUpperInvariant()
            : fullPath;
        using var sha = SHA256.Create();
        byte[] hash = sha.ComputeHash(Utf8.GetBytes(key));
        return string.Concat(hash.Take(16).Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
    }
}
