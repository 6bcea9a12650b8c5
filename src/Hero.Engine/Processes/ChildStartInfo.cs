using System;
using System.Collections.Generic;

namespace Hero.Processes;

/// <summary>A fully resolved launch: absolute program path, the exact argument vector, the complete
/// environment block. Nothing here is interpreted by a shell.</summary>
internal sealed class ChildStartInfo
{
    public required string ProgramPath { get; init; }

    /// <summary>argv[1..]; argv[0] is the program path.</summary>
    public required IReadOnlyList<string> Arguments { get; init; }

    public required string WorkingDirectory { get; init; }

    public required IReadOnlyDictionary<string, string> Environment { get; init; }

    /// <summary>Bytes fed to the child's stdin, then closed. Null: stdin is the null device.</summary>
    public byte[]? StandardInput { get; init; }

    /// <summary>Windows only: a prebuilt command line (cmd.exe /c needs its own quoting).</summary>
    public string? WindowsCommandLine { get; init; }

    /// <summary>How long the tree gets between the graceful signal and the kill when the host itself
    /// dies or exits (bounded to <see cref="KillGroupRegistry.MaxHostExitGrace"/> there).</summary>
    public TimeSpan GracePeriod { get; init; } = HeroTaskDefinition.DefaultGracePeriod;

    /// <summary>The child is meant to outlive this process (a guardian's detached worker sets it for
    /// its own launch): it is never registered as a live kill group, so neither a host exit nor the
    /// host-death sentinel stops it. Deadlines and Ctrl+C of its own task still do.</summary>
    public bool OutlivesHost { get; init; }
}
