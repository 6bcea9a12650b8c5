using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Hero.Correlation;
using Hero.Processes;
using Hero.Processes.Windows;
using Hero.Security;

namespace Hero.Tasks;

/// <summary>Turns a definition into an exact launch: resolves the program, merges the environment,
/// adds the trace context, and renders the command for display with secrets masked.</summary>
internal static class LaunchPlanner
{
    public static string DefaultName(HeroTaskDefinition definition)
    {
        if (!string.IsNullOrWhiteSpace(definition.Name)) return definition.Name!;
        return definition.Kind switch
        {
            HeroTaskKind.Process => ProgramName(definition.FilePath ?? "task"),
            HeroTaskKind.Shell => ProgramName(FirstWord(definition.Command ?? "shell")),
            HeroTaskKind.Script => Path.GetFileNameWithoutExtension(definition.ScriptPath ?? "script"),
            _ => "scriptblock",
        };
    }

    private static string ProgramName(string path)
    {
        string name = Path.GetFileName(path.TrimEnd('/', '\\'));
        string withoutExtension = Path.GetFileNameWithoutExtension(name);
        return withoutExtension.Length > 0 ? withoutExtension : name;
    }

    private static string FirstWord(string command)
    {
        string trimmed = command.TrimStart();
        int end = trimmed.IndexOfAny([' ', '\t', ';', '&', '|', '\n']);
        return end > 0 ? trimmed.Substring(0, end) : trimmed;
    }

    public static string WorkingDirectoryOf(HeroTaskDefinition definition)
    {
        string directory = string.IsNullOrWhiteSpace(definition.WorkingDirectory)
            ? System.Environment.CurrentDirectory
            : Path.GetFullPath(definition.WorkingDirectory!);
        if (!Directory.Exists(directory))
        {
            throw new HeroTaskDefinitionException($"The working directory '{directory}' does not exist.", "WorkingDirectory");
        }

        return directory;
    }

    /// <summary>Checks what can be checked before anything starts.</summary>
    public static void Validate(HeroTaskDefinition definition)
    {
        WorkingDirectoryOf(definition);
        if (definition.OutputPath is { } output)
        {
            string full = Path.GetFullPath(output);
            string? folder = Path.GetDirectoryName(full);
            if (folder is not null && !Directory.Exists(folder))
            {
                throw new HeroTaskDefinitionException($"The folder of the output file '{full}' does not exist.", "OutputPath");
            }

            if (Directory.Exists(full))
            {
                throw new HeroTaskDefinitionException($"The output path '{full}' is a directory; give a file name.", "OutputPath");
            }
        }

        if (definition.StandardInputPath is { } input && !File.Exists(Path.GetFullPath(input)))
        {
            throw new HeroTaskDefinitionException($"The standard input file '{Path.GetFullPath(input)}' does not exist.", "StandardInputPath");
        }

        // No program can receive a NUL: say where it is, never what the value is (it may be a secret).
        for (int i = 0; i < definition.ArgumentList.Length; i++)
        {
            if (definition.ArgumentList[i]?.IndexOf('\0') >= 0)
            {
                throw new HeroTaskDefinitionException($"Argument {i} contains a NUL character, which no program can receive.", $"ArgumentList[{i}]");
            }
        }

        foreach (KeyValuePair<string, string?> variable in definition.Environment)
        {
            if (variable.Key.IndexOf('\0') >= 0 || variable.Key.IndexOf('=') >= 0 || variable.Key.Length == 0 || variable.Value?.IndexOf('\0') >= 0)
            {
                throw new HeroTaskDefinitionException(
                    $"The environment variable '{variable.Key.Replace("\0", "\\0")}' has an empty name, a name with '=' or a NUL in its name or value.", "Environment");
            }
        }

        foreach ((string? text, string parameter) in new[] { (definition.FilePath, "FilePath"), (definition.Command, "Command"), (definition.WorkingDirectory, "WorkingDirectory") })
        {
            if (text?.IndexOf('\0') >= 0)
            {
                throw new HeroTaskDefinitionException("The value contains a NUL character.", parameter);
            }
        }

        switch (definition.Kind)
        {
            case HeroTaskKind.Process when string.IsNullOrWhiteSpace(definition.FilePath):
                throw new HeroTaskDefinitionException("No program was given.", "FilePath");
            case HeroTaskKind.Shell when string.IsNullOrWhiteSpace(definition.Command):
                throw new HeroTaskDefinitionException("No command was given.", "Command");
            case HeroTaskKind.Script when string.IsNullOrWhiteSpace(definition.ScriptPath):
                throw new HeroTaskDefinitionException("No script was given.", "ScriptPath");
            case HeroTaskKind.Script when !File.Exists(Path.GetFullPath(definition.ScriptPath!)):
                throw new HeroTaskDefinitionException($"The script '{Path.GetFullPath(definition.ScriptPath!)}' does not exist.", "ScriptPath");
            case HeroTaskKind.ScriptBlock when definition.ScriptBlock is null:
                throw new HeroTaskDefinitionException("No script block was given.", "ScriptBlock");
        }
    }

    public static Dictionary<string, string> EnvironmentFor(HeroTaskDefinition definition, string traceId, string spanId)
    {
        StringComparer comparer = ChildProcess.IsWindows ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        var environment = new Dictionary<string, string>(comparer);
        foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string key && entry.Value is string value)
            {
                environment[key] = value;
            }
        }

        TraceContext.PassOn(environment, traceId, spanId);
        foreach (KeyValuePair<string, string?> change in definition.Environment)
        {
            if (change.Value is null)
            {
                environment.Remove(change.Key);
            }
            else
            {
                environment[change.Key] = change.Value;
                if (SecretMasker.IsSensitiveName(change.Key))
                {
                    SecretMasker.Default.Register(change.Value);
                }
            }
        }

        return environment;
    }

    public static LaunchPlan Plan(HeroTaskDefinition definition, Encoding encoding, string traceId, string spanId)
    {
        string directory = WorkingDirectoryOf(definition);
        Dictionary<string, string> environment = EnvironmentFor(definition, traceId, spanId);
        byte[]? input = definition.StandardInputPath is { } inputPath
            ? File.ReadAllBytes(Path.GetFullPath(inputPath))
            : definition.StandardInput is { } text ? encoding.GetBytes(text) : null;

        string program;
        List<string> arguments;
        string? windowsLine = null;
        switch (definition.Kind)
        {
            case HeroTaskKind.Shell:
                if (ChildProcess.IsWindows)
                {
                    program = CommandResolver.Lookup(environment, "ComSpec") ?? "cmd.exe";
                    arguments = ["/d", "/s", "/c", definition.Command!];
                    windowsLine = "/d /s /c \"" + definition.Command + "\"";
                }
                else
                {
                    program = "/bin/sh";
                    arguments = ["-c", definition.Command!];
                }

                break;
            case HeroTaskKind.Script:
                (program, arguments) = PowerShellLaunch(definition, directory, environment);
                break;
            default:
                program = CommandResolver.Resolve(definition.FilePath!, directory, environment);
                arguments = [.. definition.ArgumentList];
                if (ChildProcess.IsWindows && CommandResolver.IsBatchFile(program))
                {
                    windowsLine = WindowsCommandLine.ForCmd(program, arguments);
                    arguments = [program, .. arguments];
                    program = CommandResolver.Lookup(environment, "ComSpec") ?? "cmd.exe";
                }

                break;
        }

        var start = new ChildStartInfo
        {
            ProgramPath = program,
            Arguments = arguments,
            WorkingDirectory = directory,
            Environment = environment,
            StandardInput = input,
            WindowsCommandLine = windowsLine,
            GracePeriod = definition.GracePeriod,
        };
        return new LaunchPlan(start, Display(program, arguments));
    }

    private static (string Program, List<string> Arguments) PowerShellLaunch(HeroTaskDefinition definition, string directory, IReadOnlyDictionary<string, string> environment)
    {
        string host = definition.PowerShellHost ?? (ChildProcess.IsWindows ? "pwsh.exe" : "pwsh");
        var arguments = new List<string>();
        string program = host;
        if (host.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            // pwsh from the dotnet tool: pwsh.dll runs on the same dotnet as this process.
            program = DotnetHost();
            arguments.Add(host);
        }
        else if (!Path.IsPathRooted(host))
        {
            program = CommandResolver.Resolve(host, directory, environment);
        }

        arguments.AddRange(["-NoProfile", "-NonInteractive"]);
        if (ChildProcess.IsWindows)
        {
            arguments.AddRange(["-ExecutionPolicy", "Bypass"]);
        }

        arguments.AddRange(["-File", Path.GetFullPath(definition.ScriptPath!)]);
        arguments.AddRange(definition.ArgumentList);
        return (program, arguments);
    }

    private static string DotnetHost()
    {
#if NET8_0_OR_GREATER
        string? current = System.Environment.ProcessPath;
#else
        string? current = System.Diagnostics.Process.GetCurrentProcess().MainModule?.FileName;
#endif
        if (current is not null && Path.GetFileNameWithoutExtension(current).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return current;
        }

        return "dotnet";
    }

    /// <summary>What a definition would run, for -WhatIf and confirmations: the program as given (not
    /// yet looked up on PATH), secrets masked.</summary>
    public static string Describe(HeroTaskDefinition definition) => definition.Kind switch
    {
        HeroTaskKind.Process => Display(definition.FilePath ?? string.Empty, definition.ArgumentList),
        HeroTaskKind.Shell => ChildProcess.IsWindows
            ? Display("cmd.exe", ["/d", "/s", "/c", definition.Command ?? string.Empty])
            : Display("/bin/sh", ["-c", definition.Command ?? string.Empty]),
        HeroTaskKind.Script => Display(definition.PowerShellHost ?? "pwsh", ["-File", definition.ScriptPath ?? string.Empty, .. definition.ArgumentList]),
        _ => "{ " + (definition.ScriptBlock?.Display ?? string.Empty) + " }",
    };

    /// <summary>POSIX-shell quoting, so the displayed command can be pasted into a shell.</summary>
    internal static string Display(string program, IEnumerable<string> arguments)
    {
        var builder = new StringBuilder(Quote(program));
        foreach (string argument in SecretMasker.Default.MaskArguments(arguments))
        {
            builder.Append(' ').Append(Quote(argument));
        }

        return builder.ToString();
    }

    private static string Quote(string value)
    {
        if (value.Length > 0 && value.All(c => char.IsLetterOrDigit(c) || "-_./=:,+@%*".IndexOf(c) >= 0))
        {
            return value;
        }

        return "'" + value.Replace("'", "'\\''") + "'";
    }
}
