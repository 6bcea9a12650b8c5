namespace Hero.Backup;

/// <summary>How far the archive (or the unpacking) is: files and bytes done of the total.</summary>
public readonly record struct BackupProgress(string Activity, int FilesDone, int FilesTotal, long BytesDone, long BytesTotal, string? Current);
