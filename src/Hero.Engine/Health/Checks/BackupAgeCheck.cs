using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Hero.Backup;
using Hero.Text;

namespace Hero.Health.Checks;

/// <summary>Kind "BackupAge": how old the newest backup is, from meta/last.json that
/// Backup-HeroProject writes in Path (its destination; default '.backups' under the current
/// location), against Warning (default 1 day) and Critical (default 2 days). No backup yet, or a
/// newest backup that failed (ok false): Critical. Starts nothing.</summary>
public sealed class BackupAgeCheck : HealthCheck
{
    internal static readonly string[] Keys = ["Path", "Warning", "Critical"];

    private string? _path;
    private TimeSpan _warning;
    private TimeSpan _critical;

    public override string Kind => "BackupAge";

    internal static BackupAgeCheck Create(HealthFields fields) => new()
    {
        _path = fields.String("Path"),
        _warning = fields.Duration("Warning", TimeSpan.FromDays(1), allowInfinite: false),
        _critical = fields.Duration("Critical", TimeSpan.FromDays(2), allowInfinite: false),
    };

    public override Task<HealthVerdict> CheckAsync(HealthContext context, CancellationToken cancel)
    {
        string destination = context.Resolve(_path ?? BackupOptions.DefaultDestinationName);
        string threshold = $"warning >= {DurationParser.Format(_warning)}, critical >= {DurationParser.Format(_critical)}";
        string lastPath = BackupManifest.LastPath(destination);
        if (!File.Exists(lastPath))
        {
            return Task.FromResult(new HealthVerdict(HeroHealthStatus.Critical, null, threshold, $"No backup found: {lastPath} does not exist."));
        }

        BackupManifest last;
        try
        {
            last = BackupManifest.Read(lastPath);
        }
        catch (InvalidDataException e)
        {
            return Task.FromResult(HealthVerdict.Error(e.Message));
        }

        TimeSpan age = DateTime.UtcNow - last.FinishedAt;
        if (age < TimeSpan.Zero) age = TimeSpan.Zero;
        string when = $"The newest backup ({last.Folder}) finished {DurationParser.Format(Round(age))} ago";
        if (!last.Ok)
        {
            string reasons = string.Join("; ", last.Artifacts.Where(a => !a.Ok && !a.Skipped).Select(a => $"{a.Type}: {a.Reason}"));
            return Task.FromResult(new HealthVerdict(HeroHealthStatus.Critical, age, threshold, $"{when} and failed: {reasons}."));
        }

        HeroHealthStatus status = age >= _critical ? HeroHealthStatus.Critical : age >= _warning ? HeroHealthStatus.Warning : HeroHealthStatus.Healthy;
        return Task.FromResult(new HealthVerdict(status, age, threshold, when + "."));
    }

    private static TimeSpan Round(TimeSpan age) => TimeSpan.FromSeconds(Math.Round(age.TotalSeconds));
}
