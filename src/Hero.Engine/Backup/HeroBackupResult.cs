using System;
using System.Collections.Generic;

namespace Hero.Backup;

/// <summary>One run of Backup-HeroProject. Also the TargetObject of a HeroBackupFailed error.</summary>
public sealed class HeroBackupResult
{
    /// <summary>True only when every artifact that should exist does and verified.</summary>
    public bool Ok { get; set; }

    /// <summary>The backup folder: &lt;destination&gt;/&lt;yyyy-MM-dd&gt;/&lt;HHmmss&gt; (UTC).</summary>
    public string Path { get; set; } = string.Empty;

    public string Source { get; set; } = string.Empty;

    public string Destination { get; set; } = string.Empty;

    /// <summary>UTC.</summary>
    public DateTime StartedAt { get; set; }

    /// <summary>UTC.</summary>
    public DateTime FinishedAt { get; set; }

    public TimeSpan Duration { get; set; }

    /// <summary>Files (and links) in project.zip.</summary>
    public int Files { get; set; }

    /// <summary>Their size before compression.</summary>
    public long Bytes { get; set; }

    /// <summary>Files and folders the filters left out (a folder counts once).</summary>
    public int Excluded { get; set; }

    public IReadOnlyList<HeroBackupArtifact> Artifacts { get; set; } = [];

    public IReadOnlyList<HeroBackupProblem> Problems { get; set; } = [];

    /// <summary>Older backup folders that retention removed in this run.</summary>
    public IReadOnlyList<string> Removed { get; set; } = [];

    public override string ToString() => $"{Path}: {(Ok ? "ok" : "FAILED")} ({Files} files)";
}
