using System.Collections.Generic;
using System.Linq;
using Hero.Reporting;

namespace Hero.Slo;

/// <summary>A JUnit report of an evaluation, one test case per objective and task, written by the
/// same writer (and to the same schema) as task reports: Fail is a failure, Inconclusive and NoData
/// are skipped (the runs could not tell), Pass and Warn pass with the verdict in system-out.</summary>
internal static class SloJUnit
{
    public static void Write(string path, string suiteName, IReadOnlyCollection<HeroSloResult> results) =>
        JUnitWriter.Write(path, suiteName, Cases(results));

    public static List<HeroTaskResult> Cases(IEnumerable<HeroSloResult> results) => results.Select(r => new HeroTaskResult
    {
        Name = $"{r.Objective} ({r.Task})",
        Status = r.Verdict switch
        {
            HeroSloVerdict.Fail => HeroTaskStatus.Failed,
            HeroSloVerdict.Inconclusive or HeroSloVerdict.NoData => HeroTaskStatus.Skipped,
            _ => HeroTaskStatus.Succeeded,
        },
        ExitCode = r.Verdict == HeroSloVerdict.Fail ? 1 : 0,
        Attempts = 1,
        StartTime = System.DateTime.UtcNow,
        EndTime = System.DateTime.UtcNow,
        Message = r.Verdict is HeroSloVerdict.Pass ? null : $"{r.Verdict}: {r.Message}",
        StdOut = $"{r.Verdict}: {r.Message}",
        Command = r.Threshold,
    }).ToList();
}
