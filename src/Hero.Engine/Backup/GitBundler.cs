using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Hero.Tasks;

namespace Hero.Backup;

/// <summary>repo.bundle: `git bundle create repo.bundle --all` under the options' deadline with
/// retries (the engine's retry pipeline, so a timeout or a failure is retried with backoff), then
/// `git bundle verify`. A repository without commits has nothing to bundle and is skipped.</summary>
internal static class GitBundler
{
    public const string FileName = "repo.bundle";

    public static async Task<HeroBackupArtifact> CreateAsync(string? repository, string folder, BackupOptions options, ITaskObserver observer, CancellationToken cancel)
    {
        var artifact = new HeroBackupArtifact { Type = "git" };
        if (repository is null)
        {
            return Skip(artifact, "The project is not in a git repository.");
        }

        HeroTaskResult refs = await GitCommands.RunAsync(
            GitCommands.Task("git for-each-ref", repository, TimeSpan.FromMinutes(1), options.GracePeriod, "for-each-ref", "--count=1", "--format=%(refname)"),
            observer, cancel).ConfigureAwait(false);
        if (!refs.Succeeded) return Fail(artifact, GitCommands.Reason("git for-each-ref", refs));
        if (refs.StdOut.Trim().Length == 0) return Skip(artifact, "The repository has no commits yet.");

        string bundle = Path.Combine(folder, FileName);
        HeroTaskDefinition create = GitCommands.Task("git bundle create", repository, options.GitTimeout, options.GracePeriod, "bundle", "create", bundle, "--all");
        create.Retry = new Resilience.RetryOptions { RetryCount = options.GitRetryCount, Delay = options.GitRetryDelay };
        create.RetryOnTimeout = true;
        create.HeartbeatInterval = HeroTaskDefinition.DefaultHeartbeatInterval;
        HeroTaskResult created = await GitCommands.RunAsync(create, observer, cancel).ConfigureAwait(false);
        cancel.ThrowIfCancellationRequested();
        if (!created.Succeeded)
        {
            TryDelete(bundle);
            return Fail(artifact, GitCommands.Reason("git bundle create", created));
        }

        artifact.Path = bundle;
        artifact.Bytes = new FileInfo(bundle).Length;
        HeroTaskResult verified = await GitCommands.RunAsync(
            GitCommands.Task("git bundle verify", repository, options.GitTimeout, options.GracePeriod, "bundle", "verify", bundle),
            observer, cancel).ConfigureAwait(false);
        cancel.ThrowIfCancellationRequested();
        if (!verified.Succeeded) return Fail(artifact, GitCommands.Reason("git bundle verify", verified));
        artifact.Sha256 = HashingStream.Sha256Of(bundle);
        artifact.Ok = true;
        return artifact;
    }

    private static HeroBackupArtifact Skip(HeroBackupArtifact artifact, string reason)
    {
        artifact.Skipped = true;
        artifact.Reason = reason;
        return artifact;
    }

    private static HeroBackupArtifact Fail(HeroBackupArtifact artifact, string reason)
    {
        artifact.Ok = false;
        artifact.Reason = reason;
        return artifact;
    }

    private static void TryDelete(string path)
    {
        try
        {
            if (File.Exists(path)) File.Delete(path);
        }
        catch (IOException)
        {
        }
    }
}
