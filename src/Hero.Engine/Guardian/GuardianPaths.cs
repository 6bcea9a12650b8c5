using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Hero.Guardian;

/// <summary>Where a guardian keeps its state: one folder per guardian under the user's state
/// directory (Linux: $XDG_STATE_HOME/hero/guardians, by default ~/.local/state/hero/guardians; macOS:
/// ~/Library/Application Support/Hero/Guardians; Windows: %LOCALAPPDATA%\Hero\Guardians), or under
/// -StateDirectory. The folder's files are named here and nowhere else.</summary>
public sealed class GuardianPaths
{
    private static readonly Regex NamePattern = new("^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$", RegexOptions.CultureInvariant);

    public GuardianPaths(string root, string name)
    {
        Root = Path.GetFullPath(root);
        Name = name;
        Folder = Path.Combine(Root, name);
    }

    public string Root { get; }

    public string Name { get; }

    public string Folder { get; }

    /// <summary>The definition Start-HeroGuardian wrote; the worker runs from it.</summary>
    public string SpecFile => Path.Combine(Folder, "guardian.json");

    /// <summary>What the worker reports, rewritten whole with every change and heartbeat.</summary>
    public string StateFile => Path.Combine(Folder, "state.json");

    /// <summary>One worker per guardian: the holder's pid and start.</summary>
    public string LockFile => Path.Combine(Folder, "worker.lock");

    /// <summary>The worker's own stdout and stderr (PowerShell's errors if it cannot start at all).</summary>
    public string WorkerLog => Path.Combine(Folder, "worker.log");

    /// <summary>The child's watchdog file, named by $env:HERO_HEARTBEAT_FILE.</summary>
    public string HeartbeatFile => Path.Combine(Folder, "heartbeat");

    /// <summary>The Hero log of the worker when the caller had none configured.</summary>
    public string DefaultHeroLog => Path.Combine(Folder, "guardian.clef");

    public string StopRequest => Path.Combine(Folder, "stop.request");

    public string RestartRequest => Path.Combine(Folder, "restart.request");

    public bool Exists => File.Exists(SpecFile);

    /// <summary>Names the state root for every guardian cmdlet of a process (tests, containers).</summary>
    public const string RootVariable = "HERO_GUARDIAN_HOME";

    /// <summary>The root used when -StateDirectory is not given: $env:HERO_GUARDIAN_HOME, else the
    /// platform's per-user state directory.</summary>
    public static string DefaultRoot()
    {
        if (Environment.GetEnvironmentVariable(RootVariable) is { Length: > 0 } named && Path.IsPathRooted(named))
        {
            return named;
        }

        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "Hero", "Guardians");
        }

        string home = Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX))
        {
            return Path.Combine(home, "Library", "Application Support", "Hero", "Guardians");
        }

        string? state = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
        string baseFolder = !string.IsNullOrEmpty(state) && Path.IsPathRooted(state) ? state! : Path.Combine(home, ".local", "state");
        return Path.Combine(baseFolder, "hero", "guardians");
    }

    /// <summary>Null when the name can be a guardian's, else why not. It becomes a folder name and part
    /// of a service name, so it is kept to letters, digits, '.', '_' and '-'.</summary>
    public static string? NameProblem(string? name)
    {
        if (string.IsNullOrEmpty(name)) return "A guardian needs a name.";
        if (!NamePattern.IsMatch(name) || name!.EndsWith(".", StringComparison.Ordinal))
        {
            return $"'{name}' cannot be a guardian's name: use up to 80 letters, digits, '.', '_' and '-', starting with a letter or digit.";
        }

        return null;
    }
}
