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

/// <summary>Restores a backup into an empty folder. Every artifact's SHA-256 is checked against the
/// backup's record before anything is written. The bundle is cloned (every branch and tag; HEAD
/// checked out; the clone's remote, which would point at the bundle file, removed), then project.zip
/// is unpacked over it: uncommitted changes and untracked files come from the archive, tracked files
/// the filters left out come from git, and tracked files the working tree had deleted when the backup
/// was taken are deleted again, so the tree is the one that was backed up.</summary>
public static class BackupRestorer
{
    /// <exception cref="ArgumentException">Not a backup folder, or a destination that is not empty.</exception>
    /// <exception cref="HeroRestoreException">A hash that does not match, a missing artifact, a failed clone.</exception>
    public static async Task<HeroRestoreResult> RunAsync(RestoreOptions options, IBackupObserver observer, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        string folder = FindFolder(Path.GetFullPath(options.BackupPath));
        BackupManifest manifest = BackupManifest.Read(Path.Combine(folder, BackupManifest.FolderFileName));
        string destination = Path.GetFullPath(options.Destination);
        if (Directory.Exists(destination) && Directory.EnumerateFileSystemEntries(destination).Any())
        {
            throw new ArgumentException($"The destination '{destination}' is not empty; restore into a new or empty folder.", "Destination");
        }

        if (File.Exists(destination)) throw new ArgumentException($"The destination '{destination}' is a file.", "Destination");
        HeroBackupArtifact? project = Usable(manifest, "project");
        HeroBackupArtifact? git = Usable(manifest, "git");
        if (project is null && git is null)
        {
            throw new HeroRestoreException($"The backup {folder} has neither a usable project.zip nor a usable repo.bundle.");
        }

        var log = new TaskLog("restore", TraceContext.SessionTraceId, observer);
        var verified = new List<string>();
        foreach (HeroBackupArtifact artifact in new[] { project, git }.Where(a => a is not null).Cast<HeroBackupArtifact>())
        {
            verified.Add(Verify(folder, artifact));
        }

        Directory.CreateDirectory(destination);
        var result = new HeroRestoreResult { Path = folder, Destination = destination, Verified = verified };
        if (git is not null)
        {
            string bundle = Path.Combine(folder, git.Path!);
            await Git(options, observer, cancel, folder, "git clone", "clone", "--quiet", bundle, destination).ConfigureAwait(false);
            await Git(options, observer, cancel, destination, "git fetch", "fetch", "--quiet", "--update-head-ok", bundle, "+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*").ConfigureAwait(false);
            await Git(options, observer, cancel, destination, "git remote remove", "remote", "remove", "origin").ConfigureAwait(false);
            result.Head = (await Git(options, observer, cancel, destination, "git rev-parse", "rev-parse", "HEAD").ConfigureAwait(false)).StdOut.Trim();
            string heads = (await Git(options, observer, cancel, destination, "git for-each-ref", "for-each-ref", "--format=%(refname)", "refs/heads").ConfigureAwait(false)).StdOut;
            result.Branches = heads.Split(['\n'], StringSplitOptions.RemoveEmptyEntries).Length;
        }

        if (project is not null)
        {
            ArchiveExtractor.Outcome unpacked = await Task.Run(
                () => ArchiveExtractor.Extract(Path.Combine(folder, project.Path!), destination, observer.OnProgress, cancel), CancellationToken.None).ConfigureAwait(false);
            result.Files = unpacked.Files;
            result.Bytes = unpacked.Bytes;
            result.Problems = unpacked.Problems;
            if (git is not null)
            {
                result.Deleted = await DeleteRemovedAsync(options, observer, cancel, destination, manifest, unpacked.Entries).ConfigureAwait(false);
            }
        }

        result.Duration = clock.Elapsed;
        log.Emit(HeroLogLevel.Information, "Restored {Folder} into {Destination}: {Files} files, HEAD {Head}, {DurationMs} ms",
            [TaskLog.P("Folder", folder), TaskLog.P("Destination", destination), TaskLog.P("Files", result.Files), TaskLog.P("Head", result.Head), TaskLog.P("DurationMs", TaskLog.Ms(clock.Elapsed))],
            hostReported: true);
        return result;
    }

    /// <summary>A backup folder, or a destination: then the newest backup that meta/last.json names.</summary>
    private static string FindFolder(string path)
    {
        if (File.Exists(Path.Combine(path, BackupManifest.FolderFileName))) return path;
        string last = BackupManifest.LastPath(path);
        if (File.Exists(last))
        {
            string folder = Path.Combine(path, BackupManifest.Read(last).Folder);
            if (File.Exists(Path.Combine(folder, BackupManifest.FolderFileName))) return folder;
        }

        throw new ArgumentException($"'{path}' is not a backup folder: it holds no {BackupManifest.FolderFileName} (nor a meta/last.json naming one).", "Path");
    }

    private static HeroBackupArtifact? Usable(BackupManifest manifest, string type) =>
        manifest.Artifacts.FirstOrDefault(a => a.Type == type && a.Ok && !a.Skipped && a.Path is not null);

    private static string Verify(string folder, HeroBackupArtifact artifact)
    {
        string file = Path.Combine(folder, artifact.Path!);
        if (!File.Exists(file)) throw new HeroRestoreException($"{file} is missing; the backup cannot be restored as recorded.");
        string actual = HashingStream.Sha256Of(file);
        if (!string.Equals(actual, artifact.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new HeroRestoreException($"{file} does not match the backup's record (SHA-256 {actual}, recorded {artifact.Sha256}); it was changed or damaged. Nothing was restored.");
        }

        return artifact.Path!;
    }

    private static async Task<HeroTaskResult> Git(RestoreOptions options, IBackupObserver observer, CancellationToken cancel, string workingDirectory, string what, params string[] arguments)
    {
        HeroTaskResult run = await GitCommands.RunAsync(GitCommands.Task(what, workingDirectory, options.GitTimeout, options.GracePeriod, arguments), observer, cancel).ConfigureAwait(false);
        cancel.ThrowIfCancellationRequested();
        if (!run.Succeeded) throw new HeroRestoreException(GitCommands.Reason(what, run));
        return run;
    }

    /// <summary>Tracked files that the backup's filters would have taken but the archive does not
    /// hold, and that were not reported as there but unreadable: the working tree had deleted them
    /// (before the backup, or while it ran).</summary>
    private static async Task<int> DeleteRemovedAsync(RestoreOptions options, IBackupObserver observer, CancellationToken cancel, string destination, BackupManifest manifest, HashSet<string> entries)
    {
        HeroTaskResult tracked = await Git(options, observer, cancel, destination, "git ls-files", "ls-files", "-z").ConfigureAwait(false);
        PathFilter filter = manifest.Filter();
        // A file that vanished during the backup is gone; the others were there, just not archived.
        var reported = new HashSet<string>(manifest.Problems.Where(p => p.Kind != BackupProblemKind.Vanished).Select(p => p.Path), StringComparer.Ordinal);
        int deleted = 0;
        foreach (string path in tracked.StdOut.Split(['\0'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (entries.Contains(path) || reported.Contains(path) || !filter.TakesPath(path)) continue;
            string full = Path.Combine(destination, path);
            bool existed = File.Exists(full);
            File.Delete(full);
            if (existed) deleted++;
        }

        return deleted;
    }
}
