using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using System.IO.Compression;
using System.Runtime.InteropServices;
using Hero.Backup;

namespace Hero.Tests.Backup;

/// <summary>The archive against real files, including the ones that move under it: the tree is listed
/// first, so a test can change it between the listing and the reading.</summary>
public sealed class ProjectArchiverTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "hero-archive-" + Guid.NewGuid().ToString("N"));
    private readonly string _project;
    private readonly string _zip;

    public ProjectArchiverTests()
    {
        _project = Directory.CreateDirectory(Path.Combine(_root, "project")).FullName;
        _zip = Path.Combine(_root, "project.zip");
        Write("src/a.txt", "a");
        Write("src/b.txt", "b");
        Write("src/c.txt", "c");
        Write(".github/ci.yml", "on: push");
        Write("node_modules/x/index.js", "x");
        Write(".env", "SECRET=1");
        Directory.CreateDirectory(Path.Combine(_project, "empty"));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void Write(string relative, string text)
    {
        string path = Path.Combine(_project, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private static List<string> Entries(string zip)
    {
        using ZipArchive archive = ZipFile.OpenRead(zip);
        return archive.Entries.Select(e => e.FullName).OrderBy(n => n, StringComparer.Ordinal).ToList();
    }

    [Fact]
    public void Archives_relative_paths_without_left_out_folders_and_secrets()
    {
        ArchiveOutcome outcome = ProjectArchiver.Write(_project, _zip, PathFilter.Create([], [], null), CompressionLevel.Optimal, null, CancellationToken.None);
        Assert.Equal([".github/ci.yml", "empty/", "src/a.txt", "src/b.txt", "src/c.txt"], Entries(_zip));
        Assert.Equal(4, outcome.Files);
        Assert.Equal(2, outcome.Excluded);
        Assert.Equal(HashingStream.Sha256Of(_zip), outcome.Sha256);
        Assert.Equal(new FileInfo(_zip).Length, outcome.ZipBytes);
        Assert.False(File.Exists(_zip + ".partial"));
    }

    [Fact]
    public void Reports_a_file_that_vanished_or_changed_after_the_listing_and_goes_on()
    {
        var outcome = new ArchiveOutcome();
        List<ArchiveItem> items = TreeWalker.Walk(_project, PathFilter.Create([], [], null), outcome, CancellationToken.None);
        File.Delete(Path.Combine(_project, "src", "b.txt"));
        File.AppendAllText(Path.Combine(_project, "src", "c.txt"), " and more");
        ProjectArchiver.WriteItems(items, outcome, _zip, CompressionLevel.Optimal, null, CancellationToken.None);
        Assert.Equal(BackupProblemKind.Vanished, outcome.Problems.Single(p => p.Path == "src/b.txt").Kind);
        Assert.Equal(BackupProblemKind.Changed, outcome.Problems.Single(p => p.Path == "src/c.txt").Kind);
        Assert.Equal([".github/ci.yml", "empty/", "src/a.txt", "src/c.txt"], Entries(_zip));
    }

    [Fact]
    public void Leaves_nothing_behind_when_cancelled()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => ProjectArchiver.Write(_project, _zip, PathFilter.Create([], [], null), CompressionLevel.Optimal, null, cancel.Token));
        Assert.False(File.Exists(_zip));
        Assert.False(File.Exists(_zip + ".partial"));
    }

    [Fact]
    public void Stores_links_inside_the_tree_as_links_and_never_follows_one_out_of_it()
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return;
        File.CreateSymbolicLink(Path.Combine(_project, "inside"), "src/a.txt");
        File.CreateSymbolicLink(Path.Combine(_project, "outside"), "/etc/hostname");
        Directory.CreateSymbolicLink(Path.Combine(_project, "up"), "..");
        string fifo = Path.Combine(_project, "pipe");
        Assert.Equal(0, Mkfifo(fifo, 0x1B6));
        ArchiveOutcome outcome = ProjectArchiver.Write(_project, _zip, PathFilter.Create([], [], null), CompressionLevel.Optimal, null, CancellationToken.None);
        using ZipArchive archive = ZipFile.OpenRead(_zip);
        ZipArchiveEntry link = archive.GetEntry("inside")!;
        Assert.Equal(0xA000, (link.ExternalAttributes >> 16) & 0xF000);
        using (var reader = new StreamReader(link.Open())) Assert.Equal("src/a.txt", reader.ReadToEnd());
        Assert.Null(archive.GetEntry("outside"));
        Assert.Null(archive.GetEntry("up"));
        Assert.Null(archive.GetEntry("pipe"));
        Assert.Equal(BackupProblemKind.LinkOutsideTree, outcome.Problems.Single(p => p.Path == "outside").Kind);
        Assert.Equal(BackupProblemKind.LinkOutsideTree, outcome.Problems.Single(p => p.Path == "up").Kind);
        Assert.Equal(BackupProblemKind.SpecialFile, outcome.Problems.Single(p => p.Path == "pipe").Kind);
    }

    [DllImport("libc", EntryPoint = "mkfifo", SetLastError = true)]
    private static extern int Mkfifo(string path, int mode);
}
