using System.Collections.Generic;

namespace Hero.Backup;

/// <summary>What writing project.zip gave.</summary>
internal sealed class ArchiveOutcome
{
    public int Files { get; set; }

    public long Bytes { get; set; }

    public int Excluded { get; set; }

    public long ZipBytes { get; set; }

    public string Sha256 { get; set; } = string.Empty;

    public List<HeroBackupProblem> Problems { get; } = [];

    public void Problem(string path, BackupProblemKind kind, string reason)
    {
        lock (Problems) Problems.Add(new HeroBackupProblem { Path = path, Kind = kind, Reason = reason });
    }
}
