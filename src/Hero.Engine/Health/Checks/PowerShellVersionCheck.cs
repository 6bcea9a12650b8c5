using System.Threading;
using System.Threading.Tasks;

namespace Hero.Health.Checks;

/// <summary>Kind "PowerShell": the version of the PowerShell that runs Test-HeroHealth, against
/// Minimum (Critical below) and Warning (Warning below). The cmdlet passes $PSVersionTable.PSVersion
/// in: the engine has no PowerShell to ask. Starts nothing.</summary>
public sealed class PowerShellVersionCheck : HealthCheck
{
    internal static readonly string[] Keys = ["Minimum", "Warning"];

    private VersionRange _range = new(null, null);

    public override string Kind => "PowerShell";

    internal static PowerShellVersionCheck Create(HealthFields fields) => new() { _range = VersionRange.From(fields) };

    public override Task<HealthVerdict> CheckAsync(HealthContext context, CancellationToken cancel) =>
        Task.FromResult(context.PowerShellVersion is { } version
            ? _range.Judge("PowerShell", version)
            : HealthVerdict.Error("The caller did not say which PowerShell runs the check."));
}
