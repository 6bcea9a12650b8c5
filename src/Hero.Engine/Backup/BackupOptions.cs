using System;
using System.Collections.Generic;
using System.IO.Compression;

namespace Hero.Backup;

/// <summary>What Backup-HeroProject was asked to do. Paths are full paths.</summary>
public sealed class BackupOptions
{
    public const string DefaultDestinationName = ".backups";
    public const int DefaultMaxBackups = 10;

    public string Source { get; set; } = string.Empty;

    /// <summary>Null: '.backups' under the source (and then left out of the archive).</summary>
    public string? Destination { get; set; }

    /// <summary>Globs that bring back what the defaults leave out (a folder such as 'dist', a file
    /// such as '.env.example'). They never override <see cref="Exclude"/>.</summary>
    public IReadOnlyList<string> Include { get; set; } = [];

    /// <summary>Globs left out on top of the defaults.</summary>
    public IReadOnlyList<string> Exclude { get; set; } = [];

    public int MaxBackups { get; set; } = DefaultMaxBackups;

    public CompressionLevel CompressionLevel { get; set; } = CompressionLevel.Optimal;

    /// <summary>The bundle step's deadline, retries included.</summary>
    public TimeSpan GitTimeout { get; set; } = TimeSpan.FromMinutes(10);

    public int GitRetryCount { get; set; } = 2;

    public TimeSpan GitRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan GracePeriod { get; set; } = HeroTaskDefinition.DefaultGracePeriod;

    public string ResolvedDestination => Destination ?? System.IO.Path.Combine(Source, DefaultDestinationName);
}
