using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace Hero.Measurement;

/// <summary>hyperfine's --export-json format: { "results": [ ... ] } with, per target, "command" (the
/// target's name, as hyperfine writes its --command-name or else the command as typed),
/// "mean", "stddev", "median", "user", "system", "min", "max" (seconds), "times" (each run, seconds),
/// "memory_usage_byte" (each run's peak, bytes; the name hyperfine 1.19+ gives it),
/// "exit_codes" and "parameters". Hero's own figures sit under "hero", a key hyperfine does not use,
/// so any program that reads hyperfine's JSON reads this file too. A figure that was not measured is
/// null, never 0.</summary>
public static class HyperfineJson
{
    public static byte[] Serialize(IReadOnlyList<HeroMeasurement> results)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartArray("results");
            foreach (HeroMeasurement result in results) WriteResult(json, result);
            json.WriteEndArray();
            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static void WriteResult(Utf8JsonWriter json, HeroMeasurement result)
    {
        json.WriteStartObject();
        json.WriteString("command", result.Name);
        json.WriteNumber("mean", Seconds.Of(result.Mean));
        WriteSeconds(json, "stddev", result.StdDev);
        json.WriteNumber("median", Seconds.Of(result.Median));
        WriteSeconds(json, "user", result.UserMean);
        WriteSeconds(json, "system", result.SystemMean);
        json.WriteNumber("min", Seconds.Of(result.Min));
        json.WriteNumber("max", Seconds.Of(result.Max));
        json.WriteStartArray("times");
        foreach (HeroMeasurementRun run in result.Runs) json.WriteNumberValue(Seconds.Of(run.Duration));
        json.WriteEndArray();
        if (result.Runs.Any(r => r.PeakMemoryBytes is not null))
        {
            json.WriteStartArray("memory_usage_byte");
            foreach (HeroMeasurementRun run in result.Runs)
            {
                if (run.PeakMemoryBytes is long peak) json.WriteNumberValue(peak);
                else json.WriteNullValue();
            }

            json.WriteEndArray();
        }

        json.WriteStartArray("exit_codes");
        foreach (int code in result.ExitCodes) json.WriteNumberValue(code);
        json.WriteEndArray();
        if (result.Parameters.Count > 0)
        {
            json.WriteStartObject("parameters");
            foreach (KeyValuePair<string, string> parameter in result.Parameters) json.WriteString(parameter.Key, parameter.Value);
            json.WriteEndObject();
        }

        WriteHeroFields(json, result);
        json.WriteEndObject();
    }

    private static void WriteHeroFields(Utf8JsonWriter json, HeroMeasurement result)
    {
        json.WriteStartObject("hero");
        json.WriteString("command", result.Command);
        json.WriteNumber("warmup", result.Warmup);
        json.WriteNumber("p95", Seconds.Of(result.P95));
        json.WriteNumber("p99", Seconds.Of(result.P99));
        if (result.MedianCI is { } ci)
        {
            json.WriteStartObject("median_ci");
            json.WriteNumber("lower", Seconds.Of(ci.Lower));
            json.WriteNumber("upper", Seconds.Of(ci.Upper));
            json.WriteNumber("confidence", ci.Confidence);
            json.WriteString("method", ci.Method);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("median_ci");
        }

        WriteBytes(json, "peak_memory_max", result.PeakMemoryMax);
        WriteText(json, "cpu_source", result.CpuSource?.ToString());
        WriteText(json, "memory_source", result.MemorySource?.ToString());
        json.WriteStartArray("user_times");
        foreach (HeroMeasurementRun run in result.Runs) WriteSecondsValue(json, run.UserTime);
        json.WriteEndArray();
        json.WriteStartArray("system_times");
        foreach (HeroMeasurementRun run in result.Runs) WriteSecondsValue(json, run.SystemTime);
        json.WriteEndArray();
        json.WriteStartArray("outliers");
        foreach (int number in result.Outliers) json.WriteNumberValue(number);
        json.WriteEndArray();
        json.WriteStartArray("warnings");
        foreach (string warning in result.Warnings) json.WriteStringValue(warning);
        json.WriteEndArray();
        json.WriteString("start_time", result.StartTime.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture));
        json.WriteEndObject();
    }

    private static void WriteSeconds(Utf8JsonWriter json, string name, TimeSpan? value)
    {
        if (value is { } v) json.WriteNumber(name, Seconds.Of(v));
        else json.WriteNull(name);
    }

    private static void WriteSecondsValue(Utf8JsonWriter json, TimeSpan? value)
    {
        if (value is { } v) json.WriteNumberValue(Seconds.Of(v));
        else json.WriteNullValue();
    }

    private static void WriteBytes(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } v) json.WriteNumber(name, v);
        else json.WriteNull(name);
    }

    private static void WriteText(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null) json.WriteNull(name);
        else json.WriteString(name, value);
    }
}
