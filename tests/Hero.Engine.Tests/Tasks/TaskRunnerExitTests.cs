using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.Versioning;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Hero.Heartbeats;
using Hero.Processes.Unix;
using Hero.Tasks;
using Hero.Tests.Support;

namespace Hero.Tests.Tasks;

/// <summary>TaskRunner against real processes: exit codes, start failures and signals.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class TaskRunnerExitTests : TaskRunnerTestBase
{
    [UnixFact]
    public async Task Exit_zero_succeeds()
    {
        HeroTaskResult result = await RunAsync(Program("true"));

        Assert.Equal(HeroTaskStatus.Succeeded, result.Status);
        Assert.Equal(0, result.ExitCode);
        Assert.Null(result.Signal);
        Assert.Null(result.Message);
        Assert.Equal(1, result.Attempts);
        Assert.Equal("true", result.Name);
    }

    [UnixFact]
    public async Task Non_zero_exit_fails_with_that_code()
    {
        HeroTaskResult result = await RunAsync(Sh("exit 3"));

        Assert.Equal(HeroTaskStatus.Failed, result.Status);
        Assert.Equal(3, result.ExitCode);
        Assert.Null(result.Signal);
        Assert.Contains("3", result.Message, StringComparison.Ordinal);
    }

    [UnixFact]
    public async Task SuccessExitCode_turns_a_code_into_success()
    {
        HeroTaskDefinition definition = Sh("exit 3");
        definition.SuccessExitCode = [0, 3];
        HeroTaskResult result = await RunAsync(definition);

        Assert.Equal(HeroTaskStatus.Succeeded, result.Status);
        Assert.Equal(3, result.ExitCode);
    }

    [UnixFact]
    public async Task Missing_program_is_StartFailed_127()
    {
        HeroTaskResult result = await RunAsync(Program("hero-no-such-program-" + Guid.NewGuid().ToString("N")));

        Assert.Equal(HeroTaskStatus.StartFailed, result.Status);
        Assert.Equal(127, result.ExitCode);
        Assert.Contains("hero-no-such-program-", result.Message, StringComparison.Ordinal);
    }

    [UnixFact]
    public async Task Missing_program_path_is_StartFailed_127()
    {
        HeroTaskResult result = await RunAsync(Program(Path.Combine(Scratch, "missing")));

        Assert.Equal(HeroTaskStatus.StartFailed, result.Status);
        Assert.Equal(127, result.ExitCode);
    }

    [UnixFact]
    public async Task Non_executable_file_is_StartFailed_126()
    {
        string script = Path.Combine(Scratch, "not-executable.sh");
        File.WriteAllText(script, "#!/bin/sh\necho should not run\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        HeroTaskResult result = await RunAsync(Program(script));

        Assert.Equal(HeroTaskStatus.StartFailed, result.Status);
        Assert.Equal(126, result.ExitCode);
        Assert.Empty(result.StdOut);
    }

    [UnixFact]
    public async Task Executable_file_without_a_format_is_StartFailed_126()
    {
        // Executable bits but neither ELF nor #!: exec fails with ENOEXEC.
        string script = Path.Combine(Scratch, "no-shebang");
        File.WriteAllText(script, "echo should not run\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        HeroTaskResult result = await RunAsync(Program(script));

        Assert.Equal(HeroTaskStatus.StartFailed, result.Status);
        Assert.Equal(126, result.ExitCode);
    }

    [UnixFact]
    public async Task Directory_as_program_is_StartFailed_126()
    {
        HeroTaskResult result = await RunAsync(Program(Scratch));

        Assert.Equal(HeroTaskStatus.StartFailed, result.Status);
        Assert.Equal(126, result.ExitCode);
    }

    [UnixFact]
    public async Task Death_by_signal_is_128_plus_the_signal()
    {
        HeroTaskResult result = await RunAsync(Sh("kill -9 $$"));

        Assert.Equal(HeroTaskStatus.Failed, result.Status);
        Assert.Equal(137, result.ExitCode);
        Assert.Equal(9, result.Signal);
        Assert.Contains("SIGKILL", result.Message, StringComparison.Ordinal);
    }
}
