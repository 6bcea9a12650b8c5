using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Hero.Backup;

namespace Hero.Tests.Backup;

public sealed class BackupFoldersTests : IDisposable
{
    private readonly string _destination = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "hero-folders-" + Guid.NewGuid().ToString("N"))).FullName;

    public void Dispose() => Directory.Delete(_destination, recursive: true);

    [Fact]
    public void Names_folders_by_utc_day_and_time_and_never_reuses_a_freed_name()
    {
        var at = new DateTime(2026, 1, 31, 23, 59, 58, DateTimeKind.Utc);
        string first = BackupFolders.Create(_destination, at, Guid.NewGuid());
        string second = BackupFolders.Create(_destination, at.AddMilliseconds(1), Guid.NewGuid());
        Assert.Equal(Path.Combine(_destination, "2026-01-31", "235958"), first);
        Assert.Equal(Path.Combine(_destination, "2026-01-31", "235958-2"), second);
        BackupFolders.Remove(first);
        Assert.Equal(Path.Combine(_destination, "2026-01-31", "235958-3"), BackupFolders.Create(_destination, at.AddMilliseconds(2), Guid.NewGuid()));
    }

    [Fact]
    public void Expires_the_oldest_marked_folders_only_and_keeps_the_newest_good_one()
    {
        var start = new DateTime(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc);
        var folders = Enumerable.Range(0, 5).Select(i => BackupFolders.Create(_destination, start.AddMinutes(i), Guid.NewGuid())).ToList();
        new BackupManifest { Ok = true, StartedAt = start, FinishedAt = start }.WriteFolderFile(folders[0]);
        string unmarked = Directory.CreateDirectory(Path.Combine(_destination, "2026-02-28", "120000")).FullName;

        IReadOnlyList<string> expired = BackupFolders.Expired(_destination, keep: 2, current: folders[4]);

        // The oldest is the only one that succeeded: it stays; the unmarked folder is never a candidate.
        Assert.Equal([folders[2], folders[1]], expired);
        foreach (string folder in expired) BackupFolders.Remove(folder);
        Assert.True(Directory.Exists(unmarked));
        Assert.True(Directory.Exists(folders[0]));
        BackupFolders.Remove(unmarked);
        Assert.True(Directory.Exists(unmarked));
    }
}
