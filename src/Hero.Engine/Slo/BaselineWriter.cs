using System.Collections.Generic;
using System.IO;
using System.Text;
using Hero.Reporting;

namespace Hero.Slo;

/// <summary>-UpdateBaseline: the current samples as Hero JSON lines (the -ResultPath format, one
/// line per run or task), replaced all at once so a reader never sees half a baseline. The same
/// reader reads it back, with every metric the samples had.</summary>
internal static class BaselineWriter
{
    public static void Write(string path, IEnumerable<SloSample> samples)
    {
        var text = new StringBuilder();
        foreach (SloSample s in samples)
        {
            var result = new HeroTaskResult
            {
                Name = s.Task,
                Status = s.Success ? HeroTaskStatus.Succeeded : HeroTaskStatus.Failed,
                ExitCode = s.ExitCode,
                Attempts = 1,
                Duration = System.TimeSpan.FromTicks((long)System.Math.Round((s.Duration ?? 0) * System.TimeSpan.TicksPerSecond)),
                CpuTime = s.Cpu is { } cpu ? System.TimeSpan.FromTicks((long)System.Math.Round(cpu * System.TimeSpan.TicksPerSecond)) : null,
                PeakMemoryBytes = s.Memory is { } memory ? (long)memory : null,
            };
            text.Append(ResultJsonWriter.ToJson(result)).Append('\n');
        }

        AtomicFile.WriteAllBytes(Path.GetFullPath(path), new UTF8Encoding(false).GetBytes(text.ToString()));
    }
}
