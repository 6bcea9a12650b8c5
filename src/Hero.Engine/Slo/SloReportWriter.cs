using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using Hero.Reporting;

namespace Hero.Slo;

/// <summary>-ReportPath: a folder holding slo-report-latest.json and a timestamped copy per run
/// (slo-report-20250101T120000.123Z.json), of which the newest -ReportRetention are kept, so a
/// busy CI cache never fills up with them. Each file is replaced all at once. The violations carry
/// the legacy enforcer's record fields (type, value, threshold, severity, timestamp) with the
/// metric, unit, budget and task.</summary>
internal static class SloReportWriter
{
    public const string LatestName = "slo-report-latest.json";
    private const string Prefix = "slo-report-";

    /// <summary>Returns the timestamped file's path.</summary>
    public static string Write(string folder, IReadOnlyCollection<HeroSloResult> results, bool passed, int retention, DateTime now)
    {
        Directory.CreateDirectory(folder);
        byte[] content = Serialize(results, passed, now);
        string stamp = now.ToUniversalTime().ToString("yyyyMMdd'T'HHmmss.fff'Z'", CultureInfo.InvariantCulture);
        string stamped = Path.Combine(folder, Prefix + stamp + ".json");
        AtomicFile.WriteAllBytes(stamped, content);
        AtomicFile.WriteAllBytes(Path.Combine(folder, LatestName), content);
        Prune(folder, retention);
        return stamped;
    }

    private static void Prune(string folder, int retention)
    {
        // The stamps sort as text in time order; 'latest' is not one of them.
        List<string> stamped = Directory.GetFiles(folder, Prefix + "*.json")
            .Where(f => !string.Equals(Path.GetFileName(f), LatestName, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(f => Path.GetFileName(f), StringComparer.Ordinal)
            .ToList();
        foreach (string old in stamped.Skip(Math.Max(1, retention)))
        {
            try { File.Delete(old); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    public static byte[] Serialize(IReadOnlyCollection<HeroSloResult> results, bool passed, DateTime now)
    {
        SloTally tally = SloTally.Of(results);
        string timestamp = ResultJsonWriter.Iso(now);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("timestamp", timestamp);
            json.WriteString("status", passed ? "PASSED" : "FAILED");
            json.WriteStartObject("summary");
            json.WriteNumber("total", tally.Total);
            json.WriteNumber("passed", tally.Passed);
            json.WriteNumber("warned", tally.Warned);
            json.WriteNumber("failed", tally.Failed);
            json.WriteNumber("inconclusive", tally.Inconclusive);
            json.WriteNumber("noData", tally.NoData);
            json.WriteEndObject();
            json.WriteStartArray("results");
            foreach (HeroSloResult r in results) WriteResult(json, r);
            json.WriteEndArray();
            json.WriteStartArray("violations");
            foreach (HeroSloResult r in results.Where(r => r.Verdict is HeroSloVerdict.Fail or HeroSloVerdict.Warn)) WriteViolation(json, r, timestamp);
            json.WriteEndArray();
            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static void WriteResult(Utf8JsonWriter json, HeroSloResult r)
    {
        json.WriteStartObject();
        json.WriteString("objective", r.Objective);
        json.WriteString("task", r.Task);
        json.WriteString("metric", r.Metric.ToString().ToLowerInvariant());
        json.WriteString("threshold", r.Threshold);
        Number(json, "limit", r.Limit);
        Number(json, "actual", r.Actual);
        json.WriteString("unit", r.Unit);
        if (r.Interval is { } interval)
        {
            json.WriteStartObject("interval");
            Number(json, "lower", interval.Lower);
            Number(json, "upper", interval.Upper);
            json.WriteNumber("confidence", interval.Confidence);
            json.WriteString("method", interval.Method);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("interval");
        }

        json.WriteNumber("samples", r.Samples);
        json.WriteString("verdict", r.Verdict.ToString());
        json.WriteString("level", r.Level.ToString());
        Number(json, "margin", r.Margin);
        Number(json, "baseline", r.Baseline);
        json.WriteString("message", r.Message);
        json.WriteEndObject();
    }

    private static void WriteViolation(Utf8JsonWriter json, HeroSloResult r, string timestamp)
    {
        json.WriteStartObject();
        json.WriteString("type", r.Objective);
        Number(json, "value", r.Actual);
        Number(json, "threshold", r.Limit);
        json.WriteString("severity", r.Verdict == HeroSloVerdict.Warn ? "warning" : r.Level == HeroSloLevel.Critical ? "critical" : "error");
        json.WriteString("timestamp", timestamp);
        json.WriteString("metric", r.Metric.ToString().ToLowerInvariant());
        json.WriteString("unit", r.Unit);
        json.WriteString("budget", r.Threshold);
        json.WriteString("task", r.Task);
        json.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v && !double.IsNaN(v) && !double.IsInfinity(v)) json.WriteNumber(name, v);
        else json.WriteNull(name);
    }
}
