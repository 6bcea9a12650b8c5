namespace Hero.Guardian;

/// <summary>-Backup's settings: Backup-HeroProject's parameters.</summary>
internal sealed class BackupSpec
{
    public string Source { get; set; } = string.Empty;

    public string? Destination { get; set; }

    public string[] Include { get; set; } = [];

    public string[] Exclude { get; set; } = [];

    public int MaxBackups { get; set; } = Hero.Backup.BackupOptions.DefaultMaxBackups;

    public System.IO.Compression.CompressionLevel CompressionLevel { get; set; } = System.IO.Compression.CompressionLevel.Optimal;

    public double GitTimeoutMs { get; set; } = 600_000;

    public int GitRetryCount { get; set; } = 2;

    public double GitRetryDelayMs { get; set; } = 2000;

    public double GracePeriodMs { get; set; } = 5000;
}
