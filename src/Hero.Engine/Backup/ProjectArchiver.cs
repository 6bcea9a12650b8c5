using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Threading;

namespace Hero.Backup;

/// <summary>Writes project.zip in-process: entries stream from each file through Deflate into the
/// archive (no temporary copy of the tree), paths relative to the project with '/' separators, Unix
/// modes kept, links stored as links. The archive is written aside as project.zip.partial and
/// renamed when complete; its SHA-256 is computed as it is written. A file that vanishes, changes or
/// cannot be read is reported and the archive goes on.</summary>
internal static class ProjectArchiver
{
    public const string FileName = "project.zip";
    private const int BufferSize = 1 << 20;
    private const int UnixFile = 0x8000;
    private const int UnixLink = 0xA000;
    private const int UnixFolder = 0x4000;
    private const int DosFolder = 0x10;
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(200);
    private static readonly DateTime ZipEarliest = new(1980, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime ZipLatest = new(2107, 12, 31, 0, 0, 0, DateTimeKind.Utc);

    /// <exception cref="IOException">The archive itself could not be written (disk full, no access).</exception>
    /// <exception cref="OperationCanceledException">Nothing is left behind.</exception>
    public static ArchiveOutcome Write(string root, string zipPath, PathFilter filter, CompressionLevel level, Action<BackupProgress>? progress, CancellationToken cancel)
    {
        var outcome = new ArchiveOutcome();
        List<ArchiveItem> items = TreeWalker.Walk(root, filter, outcome, cancel);
        return WriteItems(items, outcome, zipPath, level, progress, cancel);
    }

    /// <summary>The second half of <see cref="Write"/>: the listed items into the archive.</summary>
    internal static ArchiveOutcome WriteItems(List<ArchiveItem> items, ArchiveOutcome outcome, string zipPath, CompressionLevel level, Action<BackupProgress>? progress, CancellationToken cancel)
    {
        var meter = new Meter(progress, items.Count, items.Sum(i => i.Length));
        string partial = zipPath + ".partial";
        try
        {
            using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, BufferSize))
            {
                using (var hashing = new HashingStream(file))
                {
                    using (var zip = new ZipArchive(hashing, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: new UTF8Encoding(false)))
                    {
                        byte[] buffer = new byte[BufferSize];
                        foreach (ArchiveItem item in items)
                        {
                            cancel.ThrowIfCancellationRequested();
                            Add(zip, item, level, buffer, outcome, meter, cancel);
                            meter.FileDone(item);
                        }
                    }

                    outcome.Sha256 = hashing.HashHex();
                    outcome.ZipBytes = hashing.Length;
                }

                file.Flush(flushToDisk: true);
            }

            AtomicFile.Replace(partial, zipPath);
            meter.Report(force: true);
            return outcome;
        }
        finally
        {
            if (File.Exists(partial)) File.Delete(partial);
        }
    }

    private static void Add(ZipArchive zip, ArchiveItem item, CompressionLevel level, byte[] buffer, ArchiveOutcome outcome, Meter meter, CancellationToken cancel)
    {
        switch (item.Kind)
        {
            case ArchiveItemKind.EmptyFolder:
                ZipArchiveEntry folder = zip.CreateEntry(item.RelativePath + "/", CompressionLevel.NoCompression);
                folder.LastWriteTime = ZipTime(item.LastWriteUtc);
                folder.ExternalAttributes = UnixAttributes(UnixFolder, item.UnixMode == 0 ? 0x1ED : item.UnixMode) | DosFolder;
                return;
            case ArchiveItemKind.Link:
                ZipArchiveEntry link = zip.CreateEntry(item.RelativePath, CompressionLevel.NoCompression);
                link.LastWriteTime = ZipTime(item.LastWriteUtc);
                link.ExternalAttributes = UnixAttributes(UnixLink, item.UnixMode);
                byte[] target = Encoding.UTF8.GetBytes(item.LinkTarget!);
                using (Stream output = link.Open()) output.Write(target, 0, target.Length);
                outcome.Files++;
                return;
            default:
                AddFile(zip, item, level, buffer, outcome, meter, cancel);
                return;
        }
    }

    private static void AddFile(ZipArchive zip, ArchiveItem item, CompressionLevel level, byte[] buffer, ArchiveOutcome outcome, Meter meter, CancellationToken cancel)
    {
        FileStream input;
        try
        {
            // No buffering of its own: the copy below reads in 1 MiB blocks.
            input = new FileStream(item.FullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            outcome.Problem(item.RelativePath, BackupProblemKind.Vanished, "Deleted before it could be read; not in the archive.");
            return;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            outcome.Problem(item.RelativePath, BackupProblemKind.Unreadable, $"Could not be opened: {e.Message}");
            return;
        }

        long read = 0;
        using (input)
        {
            ZipArchiveEntry entry = zip.CreateEntry(item.RelativePath, level);
            entry.LastWriteTime = ZipTime(item.LastWriteUtc);
            if (item.UnixMode != 0) entry.ExternalAttributes = UnixAttributes(UnixFile, item.UnixMode);
            using Stream output = entry.Open();
            try
            {
                int count;
                while ((count = input.Read(buffer, 0, buffer.Length)) > 0)
                {
                    output.Write(buffer, 0, count);
                    read += count;
                    meter.Bytes(count, item.RelativePath);
                    cancel.ThrowIfCancellationRequested();
                }
            }
            catch (IOException e)
            {
                // The entry is already in the archive: it keeps what could be read.
                outcome.Problem(item.RelativePath, BackupProblemKind.Unreadable, $"Reading failed after {read} bytes ({e.Message}); the archive holds what was read.");
            }
        }

        outcome.Files++;
        outcome.Bytes += read;
        var after = new FileInfo(item.FullPath);
        if (!after.Exists)
        {
            outcome.Problem(item.RelativePath, BackupProblemKind.Changed, "Deleted while it was read; the archive holds what was read.");
        }
        else if (after.Length != item.Length || read != item.Length || after.LastWriteTimeUtc != item.LastWriteUtc)
        {
            outcome.Problem(item.RelativePath, BackupProblemKind.Changed, $"Changed while it was read ({item.Length} bytes listed, {read} read); the archive holds what was read.");
        }
    }

    private static int UnixAttributes(int type, int mode) => unchecked((int)((uint)(type | (mode & 0xFFF)) << 16));

    /// <summary>Zip keeps local clock time (DOS format, 1980 to 2107), as unzip expects.</summary>
    private static DateTimeOffset ZipTime(DateTime utc) =>
        new DateTimeOffset(utc < ZipEarliest ? ZipEarliest : utc > ZipLatest ? ZipLatest : utc).ToLocalTime();

    /// <summary>Files and bytes done, reported at most every 200 ms.</summary>
    private sealed class Meter(Action<BackupProgress>? report, int filesTotal, long bytesTotal)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private TimeSpan _last = TimeSpan.Zero;
        private int _files;
        private long _bytes;
        private string? _current;

        public void Bytes(int count, string current)
        {
            _bytes += count;
            _current = current;
            Report(force: false);
        }

        public void FileDone(ArchiveItem item)
        {
            _files++;
            _current = item.RelativePath;
            Report(force: false);
        }

        public void Report(bool force)
        {
            if (report is null || (!force && _clock.Elapsed - _last < ProgressInterval)) return;
            _last = _clock.Elapsed;
            report(new BackupProgress("Archiving", _files, filesTotal, _bytes, bytesTotal, _current));
        }
    }
}
