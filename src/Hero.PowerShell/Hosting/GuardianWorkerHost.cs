using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using Hero.Guardian;
using Hero.Health;
using Hero.PowerShell.Binding;
using Hero.Tasks;

namespace Hero.PowerShell.Hosting;

/// <summary>The worker's entry in its own pwsh (Start-HeroGuardian -Worker &lt;folder&gt;, run by the
/// detached process or the service manager): what the engine's worker needs from PowerShell, and the
/// command line that starts it.</summary>
internal sealed class GuardianWorkerHost : IGuardianHost
{
    private GuardianWorkerHost(Version? version)
    {
        PowerShellVersion = version;
    }

    public Version? PowerShellVersion { get; }

    public IReadOnlyList<HealthCheck> LoadHealthChecks(HealthDutySpec spec) => ReadChecks(spec);

    /// <summary>Runs the worker of the guardian in <paramref name="folder"/> until it ends.</summary>
    /// <returns>The worker's exit code.</returns>
    public static int Run(PSCmdlet cmdlet, string folder)
    {
        string full = Path.GetFullPath(folder);
        var paths = new GuardianPaths(Path.GetDirectoryName(full)!, Path.GetFileName(full));
        var host = new GuardianWorkerHost(SessionVersion(cmdlet));
        return GuardianWorker.RunAsync(paths, host).GetAwaiter().GetResult();
    }

    /// <summary>The checks of a -Health duty; relative paths in them are taken from the folder the
    /// guardian was started in.</summary>
    internal static List<HealthCheck> ReadChecks(HealthDutySpec spec)
    {
        var context = new HealthContext(spec.BaseDirectory);
        return HealthCheckInput.Load(p => Path.GetFullPath(Path.Combine(spec.BaseDirectory, p)), spec.Paths, null, TaskSpec.Span(spec.CheckTimeoutMs), context);
    }

    /// <summary>Hero.psd1 of the module this assembly was loaded from (bin/&lt;framework&gt;/ is two
    /// folders below it): the worker imports exactly this build.</summary>
    internal static string ModuleManifest()
    {
        string bin = Path.GetDirectoryName(typeof(GuardianWorkerHost).Assembly.Location)!;
        return Path.GetFullPath(Path.Combine(bin, "..", "..", "Hero.psd1"));
    }

    internal static string DotnetHost() => LaunchPlanner.DotnetHost();

    private static Version? SessionVersion(PSCmdlet cmdlet)
    {
        object? table = DictionaryConversion.Unwrap(cmdlet.GetVariableValue("PSVersionTable"));
        object? version = table is IDictionary values ? DictionaryConversion.Unwrap(values["PSVersion"]) : null;
        string text = Convert.ToString(version, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
        int suffix = text.IndexOfAny(['-', '+']);
        if (suffix > 0) text = text.Substring(0, suffix);
        return Hero.Health.VersionText.TryParse(text, out Version? parsed) ? parsed : null;
    }
}
