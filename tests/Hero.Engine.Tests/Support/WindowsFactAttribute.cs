using System.Runtime.InteropServices;

namespace Hero.Tests.Support;

/// <summary>A fact about Windows-only machinery (Job Objects, handles).</summary>
public sealed class WindowsFactAttribute : FactAttribute
{
    public WindowsFactAttribute()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            Skip = "Windows only.";
        }
    }
}
