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

    public static IChildProcess Start(ChildStartInfo start, IOutputSink sink) =>
        IsWindows ? WindowsChildProcess.Start(start, sink) : UnixChildProcess.Start(start, sink);
}
