using System;

namespace Hero.Backup;

/// <summary>What Restore-HeroBackup was asked to do. Paths are full paths.</summary>
public sealed class RestoreOptions
{
    /// <summary>A backup folder (with backup.json), or a destination whose meta/last.json names one.</summary>
    public string BackupPath { get; set; } = string.Empty;

    /// <summary>Must not exist yet, or be empty.</summary>
    public string Destination { get; set; } = string.Empty;

    /// <summary>Each git step's deadline.</summary>
    public TimeSpan GitTimeout { get; set; } = TimeSpan.FromMinutes(10);

    public TimeSpan GracePeriod { get; set; } = HeroTaskDefinition.DefaultGracePeriod;
}
