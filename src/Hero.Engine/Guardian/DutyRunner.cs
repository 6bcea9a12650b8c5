using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Hero.Backup;
using Hero.Health;
using Hero.Tasks;

namespace Hero.Guardian;

/// <summary>One run of a periodic duty through the engine's own runners: a command as a Hero task
/// (deadline, retries, kill group, stop sequence), a backup through Backup-HeroProject's runner, a
/// health run through Test-HeroHealth's. Returns how it went, in a word or a line.</summary>
internal static class DutyRunner
{
    internal sealed record Outcome(bool Succeeded, string Result, int? ExitCode);

    public static async Task<Outcome> RunAsync(GuardianRun run, CancellationToken cancel)
    {
        var observer = new DutyObserver(run.Output);
        switch (run.Spec.Duty)
        {
            case GuardianDutyKind.Backup:
                return await BackupAsync(run, observer, cancel).ConfigureAwait(false);
            case GuardianDutyKind.Health:
                return await HealthAsync(run, cancel).ConfigureAwait(false);
            default:
                HeroTaskDefinition task = run.Spec.Task!.ToDefinition();
                task.Name = run.Spec.Name;
                task.CorrelationId = run.Events.TraceId;
                task.Quiet = false;
                HeroTaskResult result = await TaskRunner.RunAsync(task, observer, cancel).ConfigureAwait(false);
                string text = result.Succeeded ? "Succeeded" : $"{result.Status}: {result.Message ?? "exit code " + result.ExitCode}";
                return new Outcome(result.Succeeded, text, result.ExitCode);
        }
    }

    private static async Task<Outcome> BackupAsync(GuardianRun run, DutyObserver observer, CancellationToken cancel)
    {
        BackupSpec spec = run.Spec.Backup!;
        var options = new BackupOptions
        {
            Source = spec.Source,
            Destination = spec.Destination,
            Include = spec.Include,
            Exclude = spec.Exclude,
            MaxBackups = spec.MaxBackups,
            CompressionLevel = spec.CompressionLevel,
            GitTimeout = TaskSpec.Span(spec.GitTimeoutMs),
            GitRetryCount = spec.GitRetryCount,
            GitRetryDelay = TaskSpec.Span(spec.GitRetryDelayMs),
            GracePeriod = TaskSpec.Span(spec.GracePeriodMs),
        };
        try
        {
            HeroBackupResult result = await BackupRunner.RunAsync(options, observer, cancel).ConfigureAwait(false);
            string reasons = string.Join("; ", result.Artifacts.Where(a => !a.Ok && !a.Skipped).Select(a => $"{a.Type}: {a.Reason}"));
            string line = result.Ok ? $"Succeeded: {result.Path} ({result.Files} files)" : $"Failed: {result.Path}: {reasons}";
            run.Output.WriteLine($"[hero] {DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} backup {line}");
            return new Outcome(result.Ok, line, result.Ok ? 0 : 1);
        }
        catch (Exception e) when (e is BackupLockedException or ArgumentException or System.IO.IOException or UnauthorizedAccessException)
        {
            run.Output.WriteLine($"[hero] {DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} backup failed: {e.Message}");
            return new Outcome(false, "Failed: " + e.Message, 1);
        }
    }

    private static async Task<Outcome> HealthAsync(GuardianRun run, CancellationToken cancel)
    {
        HealthDutySpec spec = run.Spec.Health!;
        IReadOnlyList<HealthCheck> checks;
        try
        {
            checks = run.Host.LoadHealthChecks(spec);
        }
        catch (HealthCheckDefinitionException e)
        {
            run.Output.WriteLine($"[hero] {DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} health: the checks could not be read: {e.Message}");
            return new Outcome(false, "Error: " + e.Message, 1);
        }

        HealthContext context = run.HealthContext(spec.BaseDirectory, TaskSpec.Span(spec.GracePeriodMs));
        var options = new HealthRunOptions { ThrottleLimit = spec.ThrottleLimit, Timeout = TaskSpec.Span(spec.TimeoutMs) };
        IReadOnlyList<HeroHealthResult> results = await HealthRunner.RunAsync(checks, options, context, null, cancel).ConfigureAwait(false);
        foreach (HeroHealthResult result in results)
        {
            run.Output.WriteLine($"[hero] {result.StartTime:yyyy-MM-ddTHH:mm:ss.fffZ} health {result.Name} ({result.Kind}): {result.Status}: {result.Message}");
        }

        var summary = new HeroHealthSummary(results, TimeSpan.Zero);
        return new Outcome(!summary.IsProblem, summary.ToString(), summary.IsProblem ? 1 : 0);
    }
}
