using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Hero.Correlation;
using Hero.Logging;

namespace Hero.Backup;

/// <summary>One backup: the lock, a new marked folder, project.zip (in-process) and repo.bundle (git,
/// at the same time), backup.json and meta/last.json written atomically, then retention. Ok only when
/// every artifact that should exist does; a failed artifact never stops the other one.</summary>
public static class BackupRunner
{
    private const int WarningsShown = 20;

    /// <exception cref="ArgumentException">Bad options; names the parameter.</exception>
    /// <exception cref="BackupLockedException">Another run holds the destination.</exception>
    /// <exception cref="OperationCanceledException">Ctrl+C: the unfinished backup folder is removed.</exception>
    public static async Task<HeroBackupResult> RunAsync(BackupOptions options, IBackupObserver observer, CancellationToken cancel)
    {
        string source = Path.GetFullPath(options.Source);
        if (!Directory.Exists(source)) throw new ArgumentException($"The folder '{source}' does not exist.", "Path");
        if (options.MaxBackups < 1) throw new ArgumentException("Keep at least one backup.", "MaxBackups");
        string destination = Path.GetFullPath(options.ResolvedDestination);
        PathFilter filter = CreateFilter(options, source, destination);
        var log = new TaskLog("backup", TraceContext.SessionTraceId, observer);

        Directory.CreateDirectory(destination);
        using BackupLock held = BackupLock.Acquire(destination, source, message => log.Emit(HeroLogLevel.Warning, "{Reason}", [TaskLog.P("Reason", message)]));
        DateTime startedAt = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        string folder = BackupFolders.Create(destination, startedAt, Guid.NewGuid());
        log.Emit(HeroLogLevel.Information, "Backup of {Source} into {Folder} started", [TaskLog.P("Source", source), TaskLog.P("Folder", folder)]);
        Task<HeroBackupArtifact>? bundle = null;
        try
        {
            string? repository = GitRepository.FindTopLevel(source);
            bundle = Task.Run(() => GitBundler.CreateAsync(repository, folder, options, observer, cancel), CancellationToken.None);
            (HeroBackupArtifact project, ArchiveOutcome? archive) = await ArchiveAsync(source, folder, filter, options, observer, cancel).ConfigureAwait(false);
            HeroBackupArtifact git = await bundle.ConfigureAwait(false);
            cancel.ThrowIfCancellationRequested();

            var artifacts = new List<HeroBackupArtifact> { project, git };
            var manifest = new BackupManifest
            {
                Ok = artifacts.All(a => a.Ok || a.Skipped),
                StartedAt = startedAt,
                Source = source,
                Folder = Relative(destination, folder),
                Files = archive?.Files ?? 0,
                Bytes = archive?.Bytes ?? 0,
                Artifacts = artifacts.Select(a => Named(a, a.Path is null ? null : Path.GetFileName(a.Path))).ToList(),
                Problems = archive?.Problems ?? [],
                ExcludedFolders = [.. filter.ExcludedFolders],
                DefaultPatterns = [.. filter.DefaultPatterns],
                Include = [.. filter.Include],
                Exclude = [.. filter.Exclude],
                ExcludedRoot = filter.ExcludedRoot,
            };
            manifest.FinishedAt = DateTime.UtcNow;
            manifest.WriteFolderFile(folder);
            manifest.WriteLast(destination);
            Warn(log, manifest.Problems);

            var removed = new List<string>();
            foreach (string expired in BackupFolders.Expired(destination, options.MaxBackups, folder))
            {
                if (!await observer.ConfirmRemovalAsync(expired).ConfigureAwait(false)) continue;
                try
                {
                    BackupFolders.Remove(expired);
                    removed.Add(expired);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    log.Emit(HeroLogLevel.Warning, "Could not remove the old backup {Folder}: {Reason}", [TaskLog.P("Folder", expired), TaskLog.P("Reason", e.Message)]);
                }
            }

            var result = new HeroBackupResult
            {
                Ok = manifest.Ok,
                Path = folder,
                Source = source,
                Destination = destination,
                StartedAt = startedAt,
                FinishedAt = manifest.FinishedAt,
                Duration = clock.Elapsed,
                Files = manifest.Files,
                Bytes = manifest.Bytes,
                Excluded = archive?.Excluded ?? 0,
                Artifacts = artifacts,
                Problems = manifest.Problems,
                Removed = removed,
            };
            log.Emit(result.Ok ? HeroLogLevel.Information : HeroLogLevel.Error,
                "Backup {Folder} finished: ok {Ok}, {Files} files, {Bytes} bytes, {DurationMs} ms",
                [TaskLog.P("Folder", folder), TaskLog.P("Ok", result.Ok), TaskLog.P("Files", result.Files), TaskLog.P("Bytes", result.Bytes), TaskLog.P("DurationMs", TaskLog.Ms(clock.Elapsed))],
                hostReported: true);
            return result;
        }
        catch (OperationCanceledException)
        {
            // git winds down through its stop sequence before its folder goes.
            if (bundle is not null) await Task.WhenAny(bundle).ConfigureAwait(false);
            TryRemove(folder);
            throw;
        }
    }

    private static PathFilter CreateFilter(BackupOptions options, string source, string destination)
    {
        // The destination inside the project is left out of its own archive, whatever its name.
        string? inside = destination.StartsWith(source + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? Relative(source, destination)
            : null;
        try
        {
            return PathFilter.Create(options.Include, options.Exclude, inside);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException(e.Message, options.Include.Any(string.IsNullOrWhiteSpace) ? "Include" : "Exclude");
        }
    }

    private static async Task<(HeroBackupArtifact, ArchiveOutcome?)> ArchiveAsync(
        string source, string folder, PathFilter filter, BackupOptions options, IBackupObserver observer, CancellationToken cancel)
    {
        string zip = Path.Combine(folder, ProjectArchiver.FileName);
        var artifact = new HeroBackupArtifact { Type = "project" };
        try
        {
            ArchiveOutcome outcome = await Task.Run(() => ProjectArchiver.Write(source, zip, filter, options.CompressionLevel, observer.OnProgress, cancel), CancellationToken.None).ConfigureAwait(false);
            artifact.Ok = true;
            artifact.Path = zip;
            artifact.Bytes = outcome.ZipBytes;
            artifact.Sha256 = outcome.Sha256;
            return (artifact, outcome);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            artifact.Reason = $"project.zip could not be written: {e.Message}";
            return (artifact, null);
        }
    }

    private static HeroBackupArtifact Named(HeroBackupArtifact artifact, string? path) => new()
    {
        Type = artifact.Type,
        Ok = artifact.Ok,
        Skipped = artifact.Skipped,
        Path = path,
        Reason = artifact.Reason,
        Bytes = artifact.Bytes,
        Sha256 = artifact.Sha256,
    };

    private static void Warn(TaskLog log, IReadOnlyList<HeroBackupProblem> problems)
    {
        foreach (HeroBackupProblem problem in problems.Take(WarningsShown))
        {
            log.Emit(HeroLogLevel.Warning, "Backup: {Path}: {Reason}", [TaskLog.P("Path", problem.Path), TaskLog.P("Reason", problem.Reason), TaskLog.P("Problem", problem.Kind.ToString())]);
        }

        if (problems.Count > WarningsShown)
        {
            log.Emit(HeroLogLevel.Warning, "Backup: {More} more file problem(s); see Problems in the result or backup.json", [TaskLog.P("More", problems.Count - WarningsShown)]);
        }
    }

    internal static string Relative(string root, string path)
    {
        string prefix = root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return (path.StartsWith(prefix, StringComparison.Ordinal) ? path.Substring(prefix.Length) : path).Replace('\\', '/');
    }

    private static void TryRemove(string folder)
    {
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
