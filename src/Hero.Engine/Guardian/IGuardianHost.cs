using System;
using System.Collections.Generic;
using Hero.Health;

namespace Hero.Guardian;

/// <summary>What the worker needs from the PowerShell that runs it: the engine reads no .psd1 file
/// and has no PowerShell version of its own.</summary>
internal interface IGuardianHost
{
    Version? PowerShellVersion { get; }

    /// <summary>The checks of a -Health duty, read from its files at each run (so edits take effect).</summary>
    /// <exception cref="HealthCheckDefinitionException">A file is missing or wrong.</exception>
    IReadOnlyList<HealthCheck> LoadHealthChecks(HealthDutySpec spec);
}
