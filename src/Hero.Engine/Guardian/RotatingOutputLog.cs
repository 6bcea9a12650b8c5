using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Hero.Guardian;

/// <summary>Appends the guarded command's output to the current output file, as it arrives, and
/// starts the next file when the current one would grow past the size limit, keeping the newest
/// RetainedLogCount files (pm2 and supervisord keep their captured output the same way). A full disk
/// never stops the child: writing stops, and is tried again with the next file.</summary>
internal sealed class RotatingOutputLog : IDisposable
{
    private readonly object _gate = new();
    private readonly string _folder;
    private readonly long _maxBytes;
    private readonly int _retained;
    private FileStream? _stream;
    private int _sequence;

    public RotatingOutputLog(string folder, long maxBytes, int retained)
    {
        _folder = folder;
        _maxBytes = maxBytes > 0 ? maxBytes : long.MaxValue;
        _retained = Math.Max(1, retained);
        IReadOnlyList<(int Sequence, string Path)> files = GuardianOutputFiles.List(folder);
        _sequence = files.Count > 0 ? files[files.Count - 1].Sequence : 1;
    }

    /// <summary>Why the last write failed, if it did.</summary>
    public string? Problem { get; private set; }

    /// <summary>Appends a chunk as the child's pipe delivered it (often many lines at once): it is cut
    /// at the last line end that still fits the current file, and the rest goes to the next one, so no
    /// file grows past the limit by a whole pipe buffer. A line longer than a file is cut at the limit.</summary>
    public void Write(byte[] buffer, int offset, int count)
    {
        if (count <= 0) return;
        lock (_gate)
        {
            try
            {
                while (count > 0)
                {
                    FileStream stream = _stream ??= Open(GuardianOutputFiles.PathOf(_folder, _sequence));
                    int take = Fits(buffer, offset, count, _maxBytes - stream.Length, stream.Length == 0);
                    if (take == 0)
                    {
                        NextFile();
                        continue;
                    }

                    stream.Write(buffer, offset, take);
                    offset += take;
                    count -= take;
                }

                _stream?.Flush();
                Problem = null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Problem = e.Message;
                try { _stream?.Dispose(); } catch (IOException) { }
                _stream = null;
            }
        }
    }

    public void WriteLine(string line)
    {
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(line + "\n");
        Write(bytes, 0, bytes.Length);
    }

    /// <summary>How much of the chunk goes into a file with <paramref name="room"/> bytes left: all of
    /// it, else up to its last line end within the room, else (an empty file) the room itself; 0: none.</summary>
    internal static int Fits(byte[] buffer, int offset, int count, long room, bool empty)
    {
        if (count <= room) return count;
        if (room <= 0) return empty ? (int)Math.Min(count, 1) : 0;
        for (int i = offset + (int)room - 1; i >= offset; i--)
        {
            if (buffer[i] == (byte)'\n') return i - offset + 1;
        }

        return empty ? (int)room : 0;
    }

    private void NextFile()
    {
        _stream?.Dispose();
        _stream = null;
        _sequence++;
        _stream = Open(GuardianOutputFiles.PathOf(_folder, _sequence));
        DropOldFiles();
    }

    private static FileStream Open(string path)
    {
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
        stream.Seek(0, SeekOrigin.End);
        return stream;
    }

    private void DropOldFiles()
    {
        foreach ((int _, string path) in GuardianOutputFiles.List(_folder).Reverse().Skip(_retained))
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Problem = $"Could not delete the old output file {path}: {e.Message}";
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            try { _stream?.Dispose(); } catch (IOException) { }
            _stream = null;
        }
    }
}
