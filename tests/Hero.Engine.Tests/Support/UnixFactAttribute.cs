using System.Runtime.InteropServices;

namespace Hero.Tests.Support;

/// <summary>A fact that only makes sense on Linux and macOS (real /bin/sh, signals, process groups).</summary>
public sealed class UnixFactAttribute : FactAttribute
{
    public UnixFactAttribute()
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            Skip = "Unix only: uses /bin/sh, POSIX signals and process groups.";
        }
    }
}

/// <summary>A fact that reads /proc.</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
        {
            Skip = "Linux only: reads /proc.";
        }
    }
}
