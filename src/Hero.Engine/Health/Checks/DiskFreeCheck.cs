using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Hero.Text;

namespace Hero.Health.Checks;

/// <summary>Kind "DiskFree": free space on the volume that holds Path (default: the current location),
/// against Warning (default '10%') and Critical (default '5%'), each a size ('2GB') or a share of the
/// volume ('10%'). The value is the free bytes available to the current user. Starts nothing.</summary>
public sealed class DiskFreeCheck : HealthCheck
{
    internal static readonly string[] Keys = ["Path", "Warning", "Critical"];

    private string? _path;
    private CapacityThreshold _warning = null!;
    private CapacityThreshold _critical = null!;

    public override string Kind => "DiskFree";

    internal static DiskFreeCheck Create(HealthFields fields) => new()
    {
        _path = fields.String("Path"),
        _warning = fields.Capacity("Warning", "10%"),
        _critical = fields.Capacity("Critical", "5%"),
    };

    public override Task<HealthVerdict> CheckAsync(HealthContext context, CancellationToken cancel)
    {
        string path = context.Resolve(_path ?? ".");
        if (!Directory.Exists(path) && !File.Exists(path))
        {
            return Task.FromResult(HealthVerdict.Error($"'{path}' does not exist."));
        }

        var drive = new DriveInfo(path);
        long free = drive.AvailableFreeSpace;
        long total = drive.TotalSize;
        string threshold = $"warning {_warning}, critical {_critical}";
        string share = total > 0 ? $" ({free * 100.0 / total:0.#}%)" : string.Empty;
        string message = $"{SizeParser.Format(free)} free of {SizeParser.Format(total)}{share} on the volume of {path}.";
        HeroHealthStatus status = _critical.IsBreached(free, total) ? HeroHealthStatus.Critical
            : _warning.IsBreached(free, total) ? HeroHealthStatus.Warning
            : HeroHealthStatus.Healthy;
        return Task.FromResult(new HealthVerdict(status, free, threshold, message));
    }
}
