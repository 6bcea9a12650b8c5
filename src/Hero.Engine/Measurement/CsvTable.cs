using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Hero.Measurement;

/// <summary>hyperfine's --export-csv columns (command, the target's name as hyperfine writes it; mean, stddev, median, user, system, min, max in
/// seconds, then parameter_&lt;name&gt; for each scanned parameter), followed by Hero's own columns,
/// named hero_*: hyperfine uses no such name. Fields are quoted as RFC 4180 says; a value that was not
/// measured is an empty field.</summary>
public static class CsvTable
{
    private static readonly string[] HeroColumns =
        ["hero_command", "hero_runs", "hero_p95", "hero_p99", "hero_median_ci_lower", "hero_median_ci_upper", "hero_peak_memory_max", "hero_cpu_source", "hero_memory_source", "hero_outliers"];

    public static string Render(IReadOnlyList<HeroMeasurement> results)
    {
        string[] parameters = results.SelectMany(r => r.Parameters.Keys).Distinct(StringComparer.Ordinal).ToArray();
        var text = new StringBuilder();
        var header = new List<string> { "command", "mean", "stddev", "median", "user", "system", "min", "max" };
        header.AddRange(parameters.Select(p => "parameter_" + p));
        header.AddRange(HeroColumns);
        text.Append(string.Join(",", header.Select(Quote))).Append('\n');
        foreach (HeroMeasurement result in results)
        {
            var row = new List<string>
            {
                result.Name, Number(result.Mean), Number(result.StdDev), Number(result.Median), Number(result.UserMean),
                Number(result.SystemMean), Number(result.Min), Number(result.Max),
            };
            row.AddRange(parameters.Select(p => result.Parameters.TryGetValue(p, out string? value) ? value : string.Empty));
            row.Add(result.Command);
            row.Add(result.Runs.Count.ToString(CultureInfo.InvariantCulture));
            row.Add(Number(result.P95));
            row.Add(Number(result.P99));
            row.Add(Number(result.MedianCI?.Lower));
            row.Add(Number(result.MedianCI?.Upper));
            row.Add(result.PeakMemoryMax?.ToString(CultureInfo.InvariantCulture) ?? string.Empty);
            row.Add(result.CpuSource?.ToString() ?? string.Empty);
            row.Add(result.MemorySource?.ToString() ?? string.Empty);
            row.Add(string.Join(" ", result.Outliers));
            text.Append(string.Join(",", row.Select(Quote))).Append('\n');
        }

        return text.ToString();
    }

    private static string Number(TimeSpan? value) => value is { } v ? Seconds.Of(v).ToString("R", CultureInfo.InvariantCulture) : string.Empty;

    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;
}
