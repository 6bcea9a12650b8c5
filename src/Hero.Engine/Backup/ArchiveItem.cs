using System;

namespace Hero.Backup;

/// <summary>One entry the walk found for project.zip.</summary>
internal sealed record ArchiveItem(ArchiveItemKind Kind, string RelativePath, string FullPath, long Length, DateTime LastWriteUtc, int UnixMode, string? LinkTarget);
