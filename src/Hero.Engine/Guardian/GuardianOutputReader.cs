using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace Hero.Guardian;

/// <summary>Reads a guardian's output files back as lines: the last N across files (read from the end,
/// so a tail of a large file costs what the tail costs), and what was added since the last look, across
/// a switch to the next file (Get-HeroGuardianLog -Wait, like pm2 logs).</summary>
public sealed class GuardianOutputReader
{
    private const int Block = 64 * 1024;

    private readonly string _folder;
    private readonly Decoder _decoder = new UTF8Encoding(false).GetDecoder();
    private readonly StringBuilder _partial = new();

    // One follower polls every 200 ms for as long as -Wait runs: its buffers are reused, not
    // allocated again on every poll.
    private readonly byte[] _buffer = new byte[Block];
    private readonly char[] _chars = new char[Block + 8];
    private int _sequence;
    private long _position;

    private GuardianOutputReader(string folder, int sequence, long position)
    {
        _folder = folder;
        _sequence = sequence;
        _position = position;
    }

    /// <summary>The last <paramref name="count"/> lines (all of them when negative), oldest first; a
    /// reader positioned after them is returned for following.</summary>
    public static IReadOnlyList<string> Tail(string folder, int count, out GuardianOutputReader follower)
    {
        IReadOnlyList<(int Sequence, string Path)> files = GuardianOutputFiles.List(folder);
        var lines = new List<string>();
        int lastSequence = files.Count > 0 ? files[files.Count - 1].Sequence : 1;
        long lastLength = 0;
        for (int i = files.Count - 1; i >= 0 && (count < 0 || lines.Count < count); i--)
        {
            long length = SafeLength(files[i].Path);
            if (i == files.Count - 1) lastLength = length;
            List<string> found = ReadBackwards(files[i].Path, length, count < 0 ? int.MaxValue : count - lines.Count);
            lines.InsertRange(0, found);
        }

        follower = new GuardianOutputReader(folder, lastSequence, lastLength);
        return lines;
    }

    /// <summary>Complete lines written since the last call (a line still being written waits for its end).</summary>
    public IReadOnlyList<string> ReadNew()
    {
        var lines = new List<string>();
        while (true)
        {
            string path = GuardianOutputFiles.PathOf(_folder, _sequence);
            ReadFrom(path, lines);
            IReadOnlyList<(int Sequence, string Path)> files = GuardianOutputFiles.List(_folder);
            int next = -1;
            foreach ((int sequence, string _) in files)
            {
                if (sequence > _sequence) { next = sequence; break; }
            }

            if (next < 0) return lines;

            // The writer went on to a new file: what is left in this one came first.
            ReadFrom(path, lines);
            if (_partial.Length > 0)
            {
                lines.Add(_partial.ToString());
                _partial.Clear();
            }

            _sequence = next;
            _position = 0;
        }
    }

    private void ReadFrom(string path, List<string> lines)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (stream.Length < _position) _position = 0;
            stream.Seek(_position, SeekOrigin.Begin);
            byte[] buffer = _buffer;
            char[] chars = _chars;
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                _position += read;
                int produced = _decoder.GetChars(buffer, 0, read, chars, 0, flush: false);
                for (int i = 0; i < produced; i++)
                {
                    if (chars[i] == '\n')
                    {
                        if (_partial.Length > 0 && _partial[_partial.Length - 1] == '\r') _partial.Length--;
                        lines.Add(_partial.ToString());
                        _partial.Clear();
                    }
                    else
                    {
                        _partial.Append(chars[i]);
                    }
                }
            }
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            // Not written yet, or already rotated away.
        }
        catch (IOException)
        {
        }
    }

    private static long SafeLength(string path)
    {
        try
        {
            return new FileInfo(path).Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    /// <summary>Up to <paramref name="wanted"/> lines from the end of the first <paramref name="length"/>
    /// bytes of a file, oldest first; a last line without its newline counts (what the child printed last).</summary>
    private static List<string> ReadBackwards(string path, long length, int wanted)
    {
        var result = new List<string>();
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            long end = Math.Min(length, stream.Length);
            var chunks = new List<byte[]>();
            long position = end;
            int newlines = 0;
            byte[] buffer = new byte[Block];
            bool endsWithNewline = false;
            bool first = true;
            while (position > 0 && (wanted == int.MaxValue || newlines <= wanted))
            {
                int size = (int)Math.Min(Block, position);
                position -= size;
                stream.Seek(position, SeekOrigin.Begin);
                int read = 0;
                while (read < size)
                {
                    int n = stream.Read(buffer, read, size - read);
                    if (n <= 0) break;
                    read += n;
                }

                if (first && read > 0)
                {
                    endsWithNewline = buffer[read - 1] == (byte)'\n';
                    first = false;
                }

                for (int i = 0; i < read; i++)
                {
                    if (buffer[i] == (byte)'\n') newlines++;
                }

                byte[] chunk = new byte[read];
                Array.Copy(buffer, chunk, read);
                chunks.Add(chunk);
            }

            chunks.Reverse();
            byte[] all = new byte[chunks.Sum(c => c.Length)];
            int at = 0;
            foreach (byte[] chunk in chunks)
            {
                Array.Copy(chunk, 0, all, at, chunk.Length);
                at += chunk.Length;
            }

            string text = Encoding.UTF8.GetString(all);
            var split = new List<string>(text.Split('\n'));
            if (endsWithNewline) split.RemoveAt(split.Count - 1);

            // Read from the middle of the file: the first piece is the end of a longer line.
            if (position > 0 && split.Count > 0) split.RemoveAt(0);
            for (int i = Math.Max(0, split.Count - wanted); i < split.Count; i++)
            {
                result.Add(split[i].TrimEnd('\r'));
            }

        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        return result;
    }
}
