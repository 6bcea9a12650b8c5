using System;
using Hero.Tasks;

namespace Hero.Health;

/// <summary>What checks need from the caller: where relative paths start, the PowerShell that runs
/// them (the engine has no PowerShell of its own to ask), and how command checks stop and report.</summary>
public sealed class HealthContext
{
    public HealthContext(string baseDirectory)
    {
        BaseDirectory = baseDirectory;
    }

    /// <summary>Relative paths in check definitions are taken from here (the PowerShell location).</summary>
    public string BaseDirectory { get; }

    /// <summary>$PSVersionTable.PSVersion of the calling session; null when not run from PowerShell.</summary>
    public Version? PowerShellVersion { get; set; }

    /// <summary>The stop sequence's grace period for command checks.</summary>
    public TimeSpan GracePeriod { get; set; } = HeroTaskDefinition.DefaultGracePeriod;

    /// <summary>Receives the lifecycle events of command checks and of the checks themselves.</summary>
    public ITaskObserver Observer { get; set; } = NullTaskObserver.Instance;

    public string Resolve(string path) => System.IO.Path.GetFullPath(System.IO.Path.Combine(BaseDirectory, path));
}
