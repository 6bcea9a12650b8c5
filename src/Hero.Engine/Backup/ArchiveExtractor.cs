using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Text;
using System.Threading;
using Hero.Processes;

namespace Hero.Backup;

/// <summary>Unpacks project.zip into a folder, and never outside it: an entry whose path leaves the
/// folder, a link whose target does, and a path through a link (a checked-out link to /etc followed
/// by an entry under it) are reported and skipped. Links come back as links, Unix modes and
/// modification times as they were.</summary>
internal sealed class ArchiveExtractor
{
    private const int UnixTypeMask = 0xF000;
    private const int UnixLink = 0xA000;
    private static readonly StringComparison PathComparison = ChildProcess.IsWindows ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    private readonly string _root;
    private readonly HashSet<string> _safeFolders;
    private readonly List<HeroBackupProblem> _problems = [];

    private ArchiveExtractor(string destination)
    {
        _root = Path.GetFullPath(destination).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        _safeFolders = new HashSet<string>(ChildProcess.IsWindows ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal) { _root.TrimEnd(Path.DirectorySeparatorChar) };
    }

    public sealed record Outcome(int Files, long Bytes, HashSet<string> Entries, List<HeroBackupProblem> Problems);

    public static Outcome Extract(string zipPath, string destination, Action<BackupProgress>? progress, CancellationToken cancel)
    {
        var extractor = new ArchiveExtractor(destination);
        int files = 0;
        long bytes = 0;
        var entries = new HashSet<string>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        using var stream = new FileStream(zipPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var archive = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: false, entryNameEncoding: new UTF8Encoding(false));
        long total = 0;
        foreach (ZipArchiveEntry entry in archive.Entries) total += entry.Length;
        byte[] buffer = new byte[1 << 20];
        int count = archive.Entries.Count;
        foreach (ZipArchiveEntry entry in archive.Entries)
        {
            cancel.ThrowIfCancellationRequested();
            string name = entry.FullName.Replace('\\', '/');
            long written = extractor.Entry(entry, name, buffer);
            if (written >= 0 && !name.EndsWith("/", StringComparison.Ordinal))
            {
                files++;
                bytes += written;
                entries.Add(name);
            }

            if (progress is not null && clock.ElapsedMilliseconds >= 200)
            {
                clock.Restart();
                progress(new BackupProgress("Unpacking", files, count, bytes, total, name));
            }
        }

        return new Outcome(files, bytes, entries, extractor._problems);
    }

    /// <returns>Bytes written, or -1 when the entry was skipped.</returns>
    private long Entry(ZipArchiveEntry entry, string name, byte[] buffer)
    {
        string full;
        try
        {
            full = Path.GetFullPath(Path.Combine(_root, name.TrimEnd('/')));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return Skip(name, $"Not a valid path here ({e.Message}).");
        }

        if (!full.StartsWith(_root, PathComparison)) return Skip(name, "The entry would be written outside the destination; skipped.");
        string parent = Path.GetDirectoryName(full)!;
        if (!SafeFolder(parent)) return Skip(name, "A folder on its path is a link; skipped so nothing is written through it.");
        if (name.EndsWith("/", StringComparison.Ordinal))
        {
            if (!SafeFolder(full)) return Skip(name, "The folder exists as a link; skipped.");
            Directory.CreateDirectory(full);
            return 0;
        }

        Directory.CreateDirectory(parent);
        RemoveLink(full);
        int unix = (entry.ExternalAttributes >> 16) & 0xFFFF;
        if ((unix & UnixTypeMask) == UnixLink) return Link(entry, name, full, parent);

        long written = 0;
        using (Stream input = entry.Open())
        using (var output = new FileStream(full, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            int read;
            while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
            {
                output.Write(buffer, 0, read);
                written += read;
            }
        }

        File.SetLastWriteTimeUtc(full, entry.LastWriteTime.UtcDateTime);
#if NET
        if (!OperatingSystem.IsWindows() && (unix & 0xFFF) != 0) File.SetUnixFileMode(full, (UnixFileMode)(unix & 0xFFF));
#endif
        return written;
    }

    private long Link(ZipArchiveEntry entry, string name, string full, string parent)
    {
        string target;
        using (var reader = new StreamReader(entry.Open(), Encoding.UTF8))
        {
            target = reader.ReadToEnd();
        }

        string resolved = Path.GetFullPath(Path.IsPathRooted(target) ? target : Path.Combine(parent, target));
        if (!(resolved + Path.DirectorySeparatorChar).StartsWith(_root, PathComparison))
        {
            return Skip(name, $"A link to '{target}', outside the destination; not created.");
        }

#if NET
        try
        {
            File.CreateSymbolicLink(full, target);
            return 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Skip(name, $"The link to '{target}' could not be created: {e.Message}");
        }
#else
        return Skip(name, $"Links are not created by Windows PowerShell 5.1 (to '{target}').");
#endif
    }

    /// <summary>A checked-out link where the archive has a file: replaced, never written through.</summary>
    private static void RemoveLink(string full)
    {
        try
        {
            if ((File.GetAttributes(full) & FileAttributes.ReparsePoint) != 0) File.Delete(full);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
        }
    }

    /// <summary>True when no folder between the destination and <paramref name="folder"/> is a link.</summary>
    private bool SafeFolder(string folder)
    {
        if (_safeFolders.Contains(folder)) return true;
        string? parent = Path.GetDirectoryName(folder);
        if (parent is null || !SafeFolder(parent)) return false;
        var info = new DirectoryInfo(folder);
        if (info.Exists && (info.Attributes & FileAttributes.ReparsePoint) != 0) return false;
        if (!info.Exists && File.Exists(folder)) return false;
        _safeFolders.Add(folder);
        return true;
    }

    private long Skip(string name, string reason)
    {
        _problems.Add(new HeroBackupProblem { Path = name.TrimEnd('/'), Kind = BackupProblemKind.LinkOutsideTree, Reason = reason });
        return -1;
    }
}
