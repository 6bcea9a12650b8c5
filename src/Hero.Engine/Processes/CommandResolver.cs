using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Hero.Processes.Unix;

namespace Hero.Processes;

/// <summary>Finds the program a name refers to, the way a shell would: a name with a directory part is
/// taken relative to the working directory; a bare name is looked up in PATH (the child's PATH, so
/// -Environment @{ PATH = ... } is honoured), with PATHEXT on Windows.</summary>
internal static class CommandResolver
{
    public static string Resolve(string name, string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ProcessStartException(StartFailureKind.NotFound, "The program name is empty.");
        }

        bool hasDirectory = name.IndexOf('/') >= 0 || (ChildProcess.IsWindows && (name.IndexOf('\\') >= 0 || name.IndexOf(':') >= 0));
        if (hasDirectory)
        {
            string full = Path.GetFullPath(Path.Combine(workingDirectory, name));
            return ChildProcess.IsWindows ? ResolveWindowsCandidate(full, Extensions(environment)) ?? throw (Directory.Exists(full) ? IsDirectory(full) : NotFound(name, null))
                                          : CheckUnixCandidate(full) ?? throw NotFound(name, null);
        }

        string path = Lookup(environment, "PATH") ?? string.Empty;
        string[] directories = path.Split([Path.PathSeparator], StringSplitOptions.RemoveEmptyEntries);
        string[]? extensions = ChildProcess.IsWindows ? Extensions(environment) : null;
        // As execvp does: a match that cannot run (no execute bit, or a directory, as for `env .`)
        // does not stop the search, but when nothing runs it makes the answer 126, not 127.
        ProcessStartException? notExecutable = null;
        foreach (string directory in directories)
        {
            string candidate;
            try
            {
                candidate = Path.Combine(directory.Trim('"'), name);
            }
            catch (ArgumentException)
            {
                continue;
            }

            if (extensions is not null)
            {
                string? found = ResolveWindowsCandidate(candidate, extensions);
                if (found is not null) return found;
            }
            else if (File.Exists(candidate))
            {
                if (IsExecutable(candidate)) return candidate;
                notExecutable ??= PermissionDenied(candidate);
                continue;
            }

            if (Directory.Exists(candidate)) notExecutable ??= IsDirectory(candidate);
        }

        if (notExecutable is not null) throw notExecutable;

        throw NotFound(name, path);
    }

    private static ProcessStartException NotFound(string name, string? path) => new(
        StartFailureKind.NotFound,
        path is null
            ? $"The program '{name}' was not found."
            : $"The program '{name}' was not found in PATH. Check the spelling, give a full path, or use -Command with -Shell for shell built-ins.");

    private static ProcessStartException IsDirectory(string full) =>
        new(StartFailureKind.NotExecutable, $"'{full}' is a directory, not a program.");

    private static ProcessStartException PermissionDenied(string full) =>
        new(StartFailureKind.NotExecutable, $"'{full}' is not executable (permission denied).");

    private static string? CheckUnixCandidate(string full)
    {
        if (Directory.Exists(full)) throw IsDirectory(full);
        if (!File.Exists(full)) return null;
        if (!IsExecutable(full)) throw PermissionDenied(full);
        return full;
    }

    private static unsafe bool IsExecutable(string path)
    {
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* p = bytes)
        {
            return Libc.access(p, Libc.X_OK) == 0;
        }
    }

    private static string[] Extensions(IReadOnlyDictionary<string, string> environment) =>
        (Lookup(environment, "PATHEXT") ?? ".COM;.EXE;.BAT;.CMD")
            .Split([';'], StringSplitOptions.RemoveEmptyEntries);

    private static string? ResolveWindowsCandidate(string candidate, string[] extensions)
    {
        if (Path.HasExtension(candidate) && File.Exists(candidate)) return candidate;
        return extensions.Select(extension => candidate + extension).FirstOrDefault(File.Exists);
    }

    public static bool IsBatchFile(string path)
    {
        string extension = Path.GetExtension(path);
        return extension.Equals(".cmd", StringComparison.OrdinalIgnoreCase) || extension.Equals(".bat", StringComparison.OrdinalIgnoreCase);
    }

    /// <remarks>No case-insensitive search of its own: every environment comes from
    /// <see cref="Hero.Tasks.LaunchPlanner.EnvironmentFor"/>, whose dictionary already ignores case on
    /// Windows, so a second search could find nothing the lookup missed.</remarks>
    internal static string? Lookup(IReadOnlyDictionary<string, string> environment, string name) =>
        environment.TryGetValue(name, out string? value) ? value : null;
}
