using System.Management.Automation;

namespace Hero.PowerShell.Binding;

/// <summary>Paths in Hero parameters are relative to the PowerShell location ($PWD), like every core
/// cmdlet's, not to the process's current directory.</summary>
internal static class PathResolver
{
    public static string? FileSystemPath(PSCmdlet cmdlet, string? path) => FileSystemPath(cmdlet.SessionState, path);

    public static string? FileSystemPath(SessionState session, string? path) =>
        string.IsNullOrEmpty(path) ? null : session.Path.GetUnresolvedProviderPathFromPSPath(path);

    public static string CurrentDirectory(PSCmdlet cmdlet) => cmdlet.SessionState.Path.CurrentFileSystemLocation.ProviderPath;
}
