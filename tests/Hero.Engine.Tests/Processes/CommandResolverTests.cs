using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using Hero.Processes;

namespace Hero.Tests.Processes;

/// <summary>What execvp and `env` answer for names that are directories: 126 ("not executable"),
/// never 127 ("not found"), and a directory in PATH does not hide a program further on.</summary>
public sealed class CommandResolverTests : IDisposable
{
    private static readonly bool IsWindows = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);
    private readonly string _scratch = Path.Combine(Path.GetTempPath(), "hero-resolve-" + Guid.NewGuid().ToString("N"));

    public CommandResolverTests() => Directory.CreateDirectory(_scratch);

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    private Dictionary<string, string> PathOf(params string[] folders) => new(IsWindows ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal)
    {
        ["PATH"] = string.Join(Path.PathSeparator.ToString(), folders),
        ["PATHEXT"] = ".COM;.EXE;.BAT;.CMD",
    };

    private string Folder(string name) => Directory.CreateDirectory(Path.Combine(_scratch, name)).FullName;

    private static string Program(string folder, string name)
    {
        string path = Path.Combine(folder, IsWindows ? name + ".cmd" : name);
        File.WriteAllText(path, IsWindows ? "@echo off\r\n" : "#!/bin/sh\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    public void A_name_that_is_a_directory_in_PATH_is_not_executable(string name)
    {
        var error = Assert.Throws<ProcessStartException>(() => CommandResolver.Resolve(name, _scratch, PathOf(Folder("bin"))));
        Assert.Equal(StartFailureKind.NotExecutable, error.Kind);
        Assert.Contains("is a directory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_path_to_a_directory_is_not_executable()
    {
        string folder = Folder("tool");
        var error = Assert.Throws<ProcessStartException>(() => CommandResolver.Resolve(folder, _scratch, PathOf()));
        Assert.Equal(StartFailureKind.NotExecutable, error.Kind);
        var relative = Assert.Throws<ProcessStartException>(() => CommandResolver.Resolve("." + Path.DirectorySeparatorChar + "tool", _scratch, PathOf()));
        Assert.Equal(StartFailureKind.NotExecutable, relative.Kind);
    }

    [Fact]
    public void A_directory_earlier_in_PATH_does_not_hide_the_program_later()
    {
        string first = Folder("first"), second = Folder("second");
        Directory.CreateDirectory(Path.Combine(first, "tool"));
        string program = Program(second, "tool");
        Assert.Equal(program, CommandResolver.Resolve("tool", _scratch, PathOf(first, second)), ignoreCase: IsWindows);
    }

    [Fact]
    public void A_name_found_nowhere_is_still_not_found()
    {
        var error = Assert.Throws<ProcessStartException>(() => CommandResolver.Resolve("no-such-tool-" + Guid.NewGuid().ToString("N"), _scratch, PathOf(Folder("bin"))));
        Assert.Equal(StartFailureKind.NotFound, error.Kind);
    }
}
