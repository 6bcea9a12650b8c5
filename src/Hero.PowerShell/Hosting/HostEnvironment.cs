using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;

namespace Hero.PowerShell.Hosting;

/// <summary>Facts about the PowerShell process Hero runs in.</summary>
internal static class HostEnvironment
{
    private static readonly Lazy<bool> s_nonInteractive = new(DetectNonInteractive);

    /// <summary>CI, a redirected console, or pwsh -NonInteractive: nobody watches a progress bar,
    /// so a silent task gets plain heartbeat lines instead.</summary>
    public static bool IsNonInteractive => s_nonInteractive.Value;

    private static bool DetectNonInteractive()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("GITHUB_ACTIONS"))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("TF_BUILD")))
        {
            return true;
        }

        if (Environment.GetCommandLineArgs().Skip(1).Any(IsNonInteractiveSwitch))
        {
            return true;
        }

        try
        {
            return Console.IsOutputRedirected;
        }
        catch (IOException)
        {
            return true;
        }
    }

    private static bool IsNonInteractiveSwitch(string argument)
    {
        string a = argument.TrimStart('-', '/').ToLowerInvariant();
        return a.Length >= 4 && "noninteractive".StartsWith(a, StringComparison.Ordinal) && a.StartsWith("noni", StringComparison.Ordinal);
    }

    /// <summary>The PowerShell that -ScriptPath children run in: the same one as this session.</summary>
    public static string CurrentPowerShell(string psHome)
    {
        bool windows = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);
        if (windows && RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal))
        {
            string desktop = Path.Combine(psHome, "powershell.exe");
            if (File.Exists(desktop)) return desktop;
        }

        string native = Path.Combine(psHome, windows ? "pwsh.exe" : "pwsh");
        if (File.Exists(native) && (windows || IsExecutable(native)))
        {
            return native;
        }

        // The dotnet tool ships pwsh.dll next to an apphost that may lack the execute bit.
        string managed = Path.Combine(psHome, "pwsh.dll");
        return File.Exists(managed) ? managed : (windows ? "pwsh.exe" : "pwsh");
    }

    private static bool IsExecutable(string path)
    {
#if NET8_0_OR_GREATER
        if (OperatingSystem.IsWindows()) return true;
        try
        {
            return (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
        }
        catch (IOException)
        {
            return false;
        }
#else
        return true;
#endif
    }
}
