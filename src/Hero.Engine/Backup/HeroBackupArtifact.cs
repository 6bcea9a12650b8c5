namespace Hero.Backup;

/// <summary>One file a backup makes: "project" (project.zip) or "git" (repo.bundle).</summary>
public sealed class HeroBackupArtifact
{
    public string Type { get; set; } = string.Empty;

    /// <summary>The artifact exists and was verified (the bundle with git bundle verify).</summary>
    public bool Ok { get; set; }

    /// <summary>Not made on purpose (not a git repository, no commits): it does not count against
    /// the backup's Ok.</summary>
    public bool Skipped { get; set; }

    /// <summary>Full path in results; relative to the destination in meta/last.json and to the backup
    /// folder in its backup.json.</summary>
    public string? Path { get; set; }

    /// <summary>Why it failed or was skipped; null when it is Ok.</summary>
    public string? Reason { get; set; }

    public long? Bytes { get; set; }

    /// <summary>Lowercase hex; Restore-HeroBackup checks it before it uses the file.</summary>
    public string? Sha256 { get; set; }

    public override string ToString() => $"{Type}: {(Ok ? "ok" : Skipped ? "skipped" : "failed")}" + (Reason is null ? string.Empty : $" ({Reason})");
}
