using System;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;

namespace Hero.Health.Checks;

/// <summary>Kind "DotNet": the version of the .NET runtime Hero runs on (".NET 8.0.11" gives 8.0.11,
/// ".NET Framework 4.8.9181.0" gives 4.8.9181), against Minimum and Warning. Starts nothing.</summary>
public sealed class DotNetVersionCheck : HealthCheck
{
    internal static readonly string[] Keys = ["Minimum", "Warning"];

    private VersionRange _range = new(null, null);

    public override string Kind => "DotNet";

    internal static DotNetVersionCheck Create(HealthFields fields) => new() { _range = VersionRange.From(fields) };

    public override Task<HealthVerdict> CheckAsync(HealthContext context, CancellationToken cancel)
    {
        string description = RuntimeInformation.FrameworkDescription;
        Version version = VersionText.Find(description, new HealthPattern(VersionText.DefaultPattern)) ?? Environment.Version;
        string what = description.StartsWith(".NET Framework", StringComparison.Ordinal) ? ".NET Framework" : ".NET";
        return Task.FromResult(_range.Judge(what, version));
    }
}
