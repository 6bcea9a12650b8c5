using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Hero.Tasks;

namespace Hero.Measurement;

/// <summary>A -Setup, -Prepare, -Conclude or -Cleanup step: run untimed, and a failure stops the
/// measurement. <see cref="Run"/> returns null on success, else why it failed.</summary>
public sealed class MeasurementHook
{
    public MeasurementHook(string display, Func<CancellationToken, Task<string?>> run)
    {
        Display = display;
        Run = run;
    }

    public string Display { get; }

    public Func<CancellationToken, Task<string?>> Run { get; }

    /// <summary>A command line run through the platform's shell (sh -c, cmd /c), as hyperfine runs
    /// its hooks, in the target's working directory and environment, its output discarded.</summary>
    public static MeasurementHook Shell(string name, string command, string workingDirectory, IDictionary<string, string?> environment, TimeSpan timeout, TimeSpan gracePeriod) =>
        new(command, async cancel =>
        {
            var task = new HeroTaskDefinition
            {
                Name = name,
                Kind = HeroTaskKind.Shell,
                Command = command,
                WorkingDirectory = workingDirectory,
                Environment = new Dictionary<string, string?>(environment),
                Quiet = true,
                HeartbeatInterval = TimeSpan.Zero,
                Timeout = timeout,
                GracePeriod = gracePeriod,
                MaxOutputBytes = 4096,
            };
            HeroTaskResult result = await TaskRunner.RunAsync(task, NullTaskObserver.Instance, cancel).ConfigureAwait(false);
            if (result.Succeeded) return null;
            string detail = LastLine(result.StdErr);
            return (result.Message ?? $"Exited with code {result.ExitCode}.") + (detail.Length > 0 ? " stderr: " + detail : string.Empty);
        });

    private static string LastLine(string text)
    {
        string trimmed = text.TrimEnd();
        int newline = trimmed.LastIndexOf('\n');
        return newline >= 0 ? trimmed.Substring(newline + 1).Trim() : trimmed.Trim();
    }
}
