using System;
using System.Collections.Generic;

namespace Hero.Backup;

/// <summary>One run of Restore-HeroBackup.</summary>
public sealed class HeroRestoreResult
{
    /// <summary>The backup folder restored from.</summary>
    public string Path { get; set; } = string.Empty;

    public string Destination { get; set; } = string.Empty;

    /// <summary>Files and links unpacked from project.zip.</summary>
    public int Files { get; set; }

    public long Bytes { get; set; }

    /// <summary>The commit checked out from the bundle; null without a bundle.</summary>
    public string? Head { get; set; }

    /// <summary>Branches restored from the bundle.</summary>
    public int Branches { get; set; }

    /// <summary>Tracked files that were deleted from the working tree when the backup was taken, and
    /// are deleted again after the checkout.</summary>
    public int Deleted { get; set; }

    /// <summary>Artifacts whose SHA-256 matched the backup's record.</summary>
    public IReadOnlyList<string> Verified { get; set; } = [];

    /// <summary>Entries that could not be restored as they were (a link that would leave the tree).</summary>
    public IReadOnlyList<HeroBackupProblem> Problems { get; set; } = [];

    public TimeSpan Duration { get; set; }

    public override string ToString() => $"{Destination}: {Files} files" + (Head is null ? string.Empty : $", HEAD {Head}");
}
