using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;

namespace Hero.Backup;

/// <summary>Lists what project.zip will hold, before any file is read: names sorted, folders the
/// filter leaves out never entered, links never followed (a link to a folder is an entry, not a
/// folder to walk), FIFOs and devices never opened.</summary>
internal sealed class TreeWalker
{
    private readonly string _root;
    private readonly PathFilter _filter;
    private readonly ArchiveOutcome _outcome;
    private readonly CancellationToken _cancel;
    private readonly List<ArchiveItem> _items = [];

    private TreeWalker(string root, PathFilter filter, ArchiveOutcome outcome, CancellationToken cancel)
    {
        _root = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        _filter = filter;
        _outcome = outcome;
        _cancel = cancel;
    }

    public static List<ArchiveItem> Walk(string root, PathFilter filter, ArchiveOutcome outcome, CancellationToken cancel)
    {
        var walker = new TreeWalker(root, filter, outcome, cancel);
        walker.Folder(walker._root, string.Empty, onlyIncluded: false);
        return walker._items;
    }

    private void Folder(string full, string relative, bool onlyIncluded)
    {
        _cancel.ThrowIfCancellationRequested();
        FileSystemInfo[] children;
        try
        {
            children = new DirectoryInfo(full).GetFileSystemInfos();
        }
        catch (DirectoryNotFoundException)
        {
            _outcome.Problem(relative, BackupProblemKind.Vanished, "The folder was removed before it could be listed.");
            return;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _outcome.Problem(relative, BackupProblemKind.Unreadable, $"The folder could not be listed: {e.Message}");
            return;
        }

        foreach (FileSystemInfo child in children.OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            string path = relative.Length == 0 ? child.Name : relative + "/" + child.Name;
            try
            {
                Entry(child, path, onlyIncluded);
            }
            catch (FileNotFoundException)
            {
                _outcome.Problem(path, BackupProblemKind.Vanished, "Removed while the tree was listed.");
            }
            catch (DirectoryNotFoundException)
            {
                _outcome.Problem(path, BackupProblemKind.Vanished, "Removed while the tree was listed.");
            }
        }
    }

    private void Entry(FileSystemInfo child, string path, bool onlyIncluded)
    {
        bool isFolder = child is DirectoryInfo;
        if ((child.Attributes & FileAttributes.ReparsePoint) != 0)
        {
            if (isFolder ? !_filter.Folder(path, child.Name, onlyIncluded).Take : !_filter.File(path, child.Name, onlyIncluded))
            {
                _outcome.Excluded++;
                return;
            }

            Link(child, path);
            return;
        }

        if (isFolder)
        {
            PathFilter.Decision decision = _filter.Folder(path, child.Name, onlyIncluded);
            if (!decision.Take)
            {
                _outcome.Excluded++;
                return;
            }

            int before = _items.Count;
            Folder(child.FullName, path, decision.OnlyIncluded);
            if (_items.Count == before && !decision.OnlyIncluded)
            {
                _items.Add(new ArchiveItem(ArchiveItemKind.EmptyFolder, path, child.FullName, 0, child.LastWriteTimeUtc, Mode(child), null));
            }

            return;
        }

        if (!_filter.File(path, child.Name, onlyIncluded))
        {
            _outcome.Excluded++;
            return;
        }

        switch (FileKindProbe.Of(child.FullName))
        {
            case FileKindProbe.Kind.Missing:
                _outcome.Problem(path, BackupProblemKind.Vanished, "Removed while the tree was listed.");
                return;
            case FileKindProbe.Kind.Special:
                _outcome.Problem(path, BackupProblemKind.SpecialFile, "A FIFO, socket or device; not read.");
                return;
        }

        var file = (FileInfo)child;
        _items.Add(new ArchiveItem(ArchiveItemKind.File, path, file.FullName, file.Length, file.LastWriteTimeUtc, Mode(file), null));
    }

    private void Link(FileSystemInfo link, string path)
    {
#if NET
        string? target = link.LinkTarget;
        if (target is null)
        {
            _outcome.Problem(path, BackupProblemKind.LinkSkipped, "A reparse point that is not a symbolic link; skipped.");
            return;
        }

        string folder = Path.GetDirectoryName(link.FullName) ?? _root;
        string resolved = Path.GetFullPath(Path.IsPathRooted(target) ? target : Path.Combine(folder, target));
        if (!IsInside(resolved))
        {
            _outcome.Problem(path, BackupProblemKind.LinkOutsideTree, $"A link to '{target}', outside the tree: not stored, not followed.");
            return;
        }

        // Stored as written when relative; an absolute target inside the tree is made relative so
        // the link still works where the backup is restored.
        string stored = Path.IsPathRooted(target) ? RelativeLink(folder, resolved) : target.Replace('\\', '/');
        _items.Add(new ArchiveItem(ArchiveItemKind.Link, path, link.FullName, 0, link.LastWriteTimeUtc, 0x1FF, stored));
#else
        _outcome.Problem(path, BackupProblemKind.LinkSkipped, "Links are not stored by Windows PowerShell 5.1; skipped.");
#endif
    }

    private static readonly StringComparison PathComparison =
        Hero.Processes.ChildProcess.IsWindows ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    private bool IsInside(string full) =>
        string.Equals(full, _root, PathComparison) || full.StartsWith(_root + Path.DirectorySeparatorChar, PathComparison);

#if NET
    private static string RelativeLink(string fromFolder, string target) => Path.GetRelativePath(fromFolder, target).Replace('\\', '/');

    private static int Mode(FileSystemInfo info) => Hero.Processes.ChildProcess.IsWindows ? 0 : (int)info.UnixFileMode;
#else
    private static int Mode(FileSystemInfo info) => 0;
#endif
}
