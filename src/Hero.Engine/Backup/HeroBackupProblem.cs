namespace Hero.Backup;

/// <summary>A file the archive could not take as it was; reported, never fatal.</summary>
public sealed class HeroBackupProblem
{
    /// <summary>Relative to the project, with '/' separators.</summary>
    public string Path { get; set; } = string.Empty;

    public BackupProblemKind Kind { get; set; }

    public string Reason { get; set; } = string.Empty;

    public override string ToString() => $"{Path}: {Reason}";
}
