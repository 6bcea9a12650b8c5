using System;
using System.Collections.Generic;

namespace Hero.Tests.Support;

/// <summary>A fixed set of results for the report golden files: every status, and text that each
/// format must escape (colour escapes, control characters, CR/LF, markup, CI command separators,
/// a lone surrogate and a whole one).</summary>
internal static class ReportFixtures
{
    private static readonly DateTime Start = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    private static HeroTaskResult Result(string name, HeroTaskStatus status, int exitCode, double seconds, int offsetSeconds,
        string? message = null, string stdOut = "", string stdErr = "", int attempts = 1) => new()
    {
        Name = name,
        Status = status,
        ExitCode = exitCode,
        Attempts = attempts,
        StartTime = Start.AddSeconds(offsetSeconds),
        EndTime = Start.AddSeconds(offsetSeconds + seconds),
        Duration = TimeSpan.FromSeconds(seconds),
        CorrelationId = "4bf92f3577b34da6a3ce929d0e0e4736",
        Message = message,
        StdOut = stdOut,
        StdErr = stdErr,
    };

    public static IReadOnlyList<HeroTaskResult> Results() =>
    [
        Result("build", HeroTaskStatus.Succeeded, 0, 1.25, 0, stdOut: "compiled 3 projects\nno warnings\n"),
        Result("\u001b[31mlint\u001b[0m", HeroTaskStatus.Failed, 2, 0.5, 1, "Exited with code 2.",
            stdOut: "checking <src> & \"tests\"\n", stdErr: "rule a;b] broken\r\nline 2 \u0007bell\u0000nul\n", attempts: 3),
        Result("deploy: prod, eu", HeroTaskStatus.TimedOut, 124, 60, 2, "Timed out after 1m.\nStopped the tree: 3 processes; 100% gone]",
            stdOut: "uploading \ud83d\ude80 and a lone \ud800 surrogate\n"),
        Result("integration", HeroTaskStatus.Stalled, 124, 30.125, 3, "Stalled: no output for 30s.", stdErr: "waiting ]]> for db\n"),
        Result("missing-tool", HeroTaskStatus.StartFailed, 127, 0.001, 4, "The program 'no-such' was not found in PATH."),
        Result("docs", HeroTaskStatus.Skipped, 0, 0, 5, "Skipped: its dependency 'lint' did not succeed."),
        Result("smoke", HeroTaskStatus.Cancelled, 130, 2.5, 6, "Cancelled.", stdOut: "half done\n"),
    ];
}
