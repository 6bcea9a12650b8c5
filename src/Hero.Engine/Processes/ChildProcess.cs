using System.Runtime.InteropServices;
using Hero.Output;
using Hero.Processes.Unix;
using Hero.Processes.Windows;

namespace Hero.Processes;

/// <summary>The one place that picks the platform's kill-group implementation.</summary>
internal static class ChildProcess
{
    public static bool IsWindows { get; } = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

    public static bool IsLinux { get; } = RuntimeInformation.IsOSPlatform(OSPlatform.Linux);

    /// <summary>Starts the child in its kill group, registered as live with
    /// <see cref="KillGroupRegistry.Process"/> (unless it outlives the host).</summary>
    /// <exception cref="ProcessStartException">It could not start, or the host is exiting.</exception>
    public static IChildProcess Start(ChildStartInfo start, IOutputSink sink)
    {
        KillGroupRegistry.Process.ThrowIfExiting();
        return IsWindows ? WindowsChildProcess.Start(start, sink) : UnixChildProcess.Start(start, sink);
    }
}
