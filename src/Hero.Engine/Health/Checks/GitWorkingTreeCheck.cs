using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Hero.Health.Checks;

/// <summary>Kind "Git": the number of uncommitted files in the working tree at Path (default: the
/// current location), from `git status --porcelain=v1 -z --untracked-files=all` (one entry per
/// changed, staged, deleted or untracked file; a rename counts once), against Warning (default 10)
/// and Critical (default 20), both "at or over". Runs with GIT_OPTIONAL_LOCKS=0 so the check never
/// takes the index lock from under the user's own git. Not a repository: Error.</summary>
public sealed class GitWorkingTreeCheck : ProcessHealthCheck
{
    internal static readonly string[] Keys = ["Path", "Warning", "Critical"];

    private string? _path;
    private NumericThreshold _warning = null!;
    private NumericThreshold _critical = null!;

    public override string Kind => "Git";

    internal static GitWorkingTreeCheck Create(HealthFields fields) => new()
    {
        _path = fields.String("Path"),
        _warning = fields.Threshold("Warning", ">=") ?? NumericThreshold.Of(">=", 10),
        _critical = fields.Threshold("Critical", ">=") ?? NumericThreshold.Of(">=", 20),
    };

    public override async Task<HealthVerdict> CheckAsync(HealthContext context, CancellationToken cancel)
    {
        string path = context.Resolve(_path ?? ".");
        if (!System.IO.Directory.Exists(path)) return HealthVerdict.Error($"'{path}' is not a folder.");
        var environment = new Dictionary<string, string?> { ["GIT_OPTIONAL_LOCKS"] = "0", ["GIT_TERMINAL_PROMPT"] = "0" };
        HeroTaskResult run = await RunAsync("git", ["status", "--porcelain=v1", "-z", "--untracked-files=all"], path, context, cancel, environment).ConfigureAwait(false);
        if (Unfinished(run) is { } unfinished) return unfinished;
        if (!run.Succeeded)
        {
            return HealthVerdict.Error($"git status failed in {path} (exit code {run.ExitCode}).", Tail(run));
        }

        int count = CountEntries(run.StdOut);
        string threshold = $"warning {_warning}, critical {_critical}";
        string message = $"{count} uncommitted file(s) in {path}.";
        HeroHealthStatus status = _critical.IsBreached(count) ? HeroHealthStatus.Critical
            : _warning.IsBreached(count) ? HeroHealthStatus.Warning
            : HeroHealthStatus.Healthy;
        return new HealthVerdict(status, count, threshold, message);
    }

    /// <summary>Entries are "XY path\0"; a rename or copy (X or Y is R or C) carries its source path
    /// as the next field.</summary>
    internal static int CountEntries(string porcelain)
    {
        string[] fields = porcelain.Split(['\0']);
        int count = 0;
        for (int i = 0; i < fields.Length; i++)
        {
            string field = fields[i];
            if (field.Length < 4) continue;
            count++;
            if (field[0] is 'R' or 'C' || field[1] is 'R' or 'C') i++;
        }

        return count;
    }
}
