using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;

namespace Hero.Slo;

/// <summary>Reads the files Test-HeroSlo takes with -ResultPath and -BaselinePath: Hero's JSON lines
/// (one task result per line, as -ResultPath writes them; several files from CI shards simply add
/// up) and hyperfine's JSON (also Measure-HeroTask -ExportJson's: one sample per run). A line that
/// is not valid is a problem named by file and line, and the rest of the file still counts.</summary>
internal static class SloInputReader
{
    public sealed class Reading
    {
        public List<SloSample> Samples { get; } = [];

        public List<HeroFileFormatException> Problems { get; } = [];
    }

    public static Reading Read(string path)
    {
        var reading = new Reading();
        string text;
        try
        {
            text = File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            reading.Problems.Add(new HeroFileFormatException(path, e is FileNotFoundException or DirectoryNotFoundException ? "the file does not exist." : e.Message));
            return reading;
        }

        if (text.Trim().Length == 0)
        {
            reading.Problems.Add(new HeroFileFormatException(path, "the file is empty: it holds no results."));
            return reading;
        }

        string[] lines = text.Replace("\r\n", "\n").Split('\n');
        if (IsJsonLines(lines)) ReadLines(path, lines, reading);
        else ReadDocument(path, text, reading);
        if (reading.Samples.Count == 0 && reading.Problems.Count == 0)
        {
            reading.Problems.Add(new HeroFileFormatException(path, "the file holds no results."));
        }

        return reading;
    }

    /// <summary>JSON lines when the first non-empty line is a whole JSON value by itself; hyperfine's
    /// JSON is indented, so its first line is a lone '{'.</summary>
    private static bool IsJsonLines(string[] lines)
    {
        foreach (string line in lines)
        {
            if (line.Trim().Length == 0) continue;
            try
            {
                using JsonDocument _ = JsonDocument.Parse(line);
                return true;
            }
            catch (JsonException)
            {
                return false;
            }
        }

        return false;
    }

    private static void ReadLines(string path, string[] lines, Reading reading)
    {
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0) continue;
            try
            {
                using JsonDocument line = JsonDocument.Parse(lines[i]);
                if (line.RootElement.ValueKind != JsonValueKind.Object) throw new FormatException("expected a JSON object (one task result).");
                if (TaskLine(line.RootElement) is { } sample) reading.Samples.Add(sample);
            }
            catch (JsonException e)
            {
                reading.Problems.Add(new HeroFileFormatException(path, "not valid JSON: " + FirstSentence(e.Message), i + 1, (int?)e.BytePositionInLine + 1));
            }
            catch (FormatException e)
            {
                reading.Problems.Add(new HeroFileFormatException(path, e.Message, i + 1));
            }
        }
    }

    /// <summary>A -ResultPath line: name, status, exitCode, durationMs, peakMemoryBytes, cpuTimeMs.
    /// Skipped tasks did not run and have no sample.</summary>
    private static SloSample? TaskLine(JsonElement line)
    {
        string name = Text(line, "name") ?? throw new FormatException("the result has no 'name'.");
        string status = Text(line, "status") ?? throw new FormatException($"the result of '{name}' has no 'status'.");
        if (!Enum.TryParse(status, ignoreCase: true, out HeroTaskStatus parsed))
        {
            throw new FormatException($"the result of '{name}' has an unknown status '{status}'.");
        }

        if (parsed == HeroTaskStatus.Skipped) return null;
        double duration = Number(line, "durationMs", name) ?? throw new FormatException($"the result of '{name}' has no 'durationMs'.");
        return new SloSample(
            name,
            duration / 1000,
            Number(line, "cpuTimeMs", name) / 1000,
            Number(line, "peakMemoryBytes", name),
            parsed == HeroTaskStatus.Succeeded,
            (int)(Number(line, "exitCode", name) ?? 0));
    }

    private static void ReadDocument(string path, string text, Reading reading)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("results", out JsonElement results) || results.ValueKind != JsonValueKind.Array)
            {
                reading.Problems.Add(new HeroFileFormatException(path, "expected hyperfine's JSON ({ \"results\": [ ... ] }) or Hero's JSON lines (one task result per line)."));
                return;
            }

            int index = 0;
            foreach (JsonElement result in results.EnumerateArray())
            {
                try
                {
                    reading.Samples.AddRange(HyperfineResult(result, index));
                }
                catch (FormatException e)
                {
                    reading.Problems.Add(new HeroFileFormatException(path, e.Message, field: $"results[{index}]"));
                }

                index++;
            }
        }
        catch (JsonException e)
        {
            reading.Problems.Add(new HeroFileFormatException(path, "not valid JSON: " + FirstSentence(e.Message), (int?)e.LineNumber + 1, (int?)e.BytePositionInLine + 1));
        }
    }

    /// <summary>One sample per run: "times" (seconds), "exit_codes", "memory_usage_byte" (per run,
    /// hyperfine 1.19+ and Hero), and Hero's per-run CPU under "hero".</summary>
    private static IEnumerable<SloSample> HyperfineResult(JsonElement result, int index)
    {
        if (result.ValueKind != JsonValueKind.Object) throw new FormatException("expected an object.");
        string name = Text(result, "command") ?? throw new FormatException("no 'command' (the name of the measurement).");
        List<double?> times = Numbers(result, "times", name) ?? throw new FormatException($"'{name}' has no 'times'.");
        List<double?> codes = Numbers(result, "exit_codes", name) ?? [];
        List<double?> memory = Numbers(result, "memory_usage_byte", name) ?? [];
        List<double?> user = [], system = [];
        if (result.TryGetProperty("hero", out JsonElement hero) && hero.ValueKind == JsonValueKind.Object)
        {
            user = Numbers(hero, "user_times", name) ?? [];
            system = Numbers(hero, "system_times", name) ?? [];
        }

        var samples = new List<SloSample>();
        for (int run = 0; run < times.Count; run++)
        {
            if (times[run] is not { } seconds) throw new FormatException($"'{name}': times[{run}] is null.");
            int code = run < codes.Count && codes[run] is { } c ? (int)c : 0;
            double? cpu = run < user.Count && run < system.Count && user[run] is { } u && system[run] is { } s ? u + s : null;
            samples.Add(new SloSample(name, seconds, cpu, run < memory.Count ? memory[run] : null, code == 0, code));
        }

        return samples;
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static double? Number(JsonElement element, string name, string owner)
    {
        if (!element.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Number) throw new FormatException($"'{owner}': '{name}' must be a number, not {Describe(value)}.");
        return value.GetDouble();
    }

    private static List<double?>? Numbers(JsonElement element, string name, string owner)
    {
        if (!element.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Array) throw new FormatException($"'{owner}': '{name}' must be an array of numbers, not {Describe(value)}.");
        var numbers = new List<double?>();
        foreach (JsonElement item in value.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Null) numbers.Add(null);
            else if (item.ValueKind == JsonValueKind.Number) numbers.Add(item.GetDouble());
            else throw new FormatException($"'{owner}': '{name}' must hold numbers, not {Describe(item)}.");
        }

        return numbers;
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the text \"{value.GetString()}\"",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.True or JsonValueKind.False => "true/false",
        _ => value.ValueKind.ToString().ToLowerInvariant(),
    };

    private static string FirstSentence(string message)
    {
        int cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (cut > 0 ? message.Substring(0, cut) : message).Trim();
    }
}
