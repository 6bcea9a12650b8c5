using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Hero.Logging;

/// <summary>Reads compact log event format (CLEF) files back into events: one JSON object per line,
/// reserved fields @t @mt @m @l @x @tr @sp @i @r, everything else a property ("@@x" is a property
/// named "@x"). A line that is not such an object is reported with its number and skipped.</summary>
public static class ClefReader
{
    /// <summary>The file and the files Serilog rolled it into (name_001.ext, name_002.ext, ...),
    /// oldest first.</summary>
    public static IReadOnlyList<string> WithRolledFiles(string path)
    {
        string folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) ?? ".";
        string stem = System.IO.Path.GetFileNameWithoutExtension(path);
        string extension = System.IO.Path.GetExtension(path);
        var rolled = new Regex("^" + Regex.Escape(stem) + "_(\\d{3,})" + Regex.Escape(extension) + "$", RegexOptions.CultureInvariant);
        var files = new List<(int Order, string Path)>();
        if (File.Exists(path)) files.Add((0, System.IO.Path.GetFullPath(path)));
        if (Directory.Exists(folder))
        {
            foreach (string candidate in Directory.EnumerateFiles(folder, stem + "_*" + extension))
            {
                Match match = rolled.Match(System.IO.Path.GetFileName(candidate));
                if (match.Success)
                {
                    files.Add((int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), candidate));
                }
            }
        }

        return files.OrderBy(f => f.Order).Select(f => f.Path).ToList();
    }

    public static IEnumerable<HeroLogEvent> Read(string path, Action<string, int, string> onBadLine)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        int lineNumber = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (line.Trim().Length == 0) continue;
            HeroLogEvent? parsed;
            string? problem;
            try
            {
                parsed = Parse(line, out problem);
            }
            catch (JsonException e)
            {
                parsed = null;
                problem = "not valid JSON: " + e.Message;
            }

            if (parsed is null)
            {
                onBadLine(path, lineNumber, problem ?? "not a CLEF event");
                continue;
            }

            parsed.Path = path;
            parsed.LineNumber = lineNumber;
            yield return parsed;
        }
    }

    private static HeroLogEvent? Parse(string line, out string? problem)
    {
        problem = null;
        using JsonDocument document = JsonDocument.Parse(line);
        JsonElement root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            problem = "the line is not a JSON object";
            return null;
        }

        if (!root.TryGetProperty("@t", out JsonElement time) || time.ValueKind != JsonValueKind.String
            || !DateTimeOffset.TryParse(time.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset timestamp))
        {
            problem = "it has no valid @t timestamp";
            return null;
        }

        var result = new HeroLogEvent { Timestamp = timestamp.UtcDateTime, Level = HeroLogLevel.Information };
        string? rendered = null;
        foreach (JsonProperty field in root.EnumerateObject())
        {
            switch (field.Name)
            {
                case "@t":
                case "@i":
                case "@r":
                    break;
                case "@mt":
                    result.MessageTemplate = field.Value.GetString() ?? string.Empty;
                    break;
                case "@m":
                    rendered = field.Value.GetString();
                    break;
                case "@l":
                    result.Level = HeroLoggingConfiguration.TryParseLevel(field.Value.GetString() ?? string.Empty, out HeroLogLevel level) ? level : HeroLogLevel.Information;
                    break;
                case "@x":
                    result.Exception = field.Value.GetString();
                    break;
                case "@tr":
                    result.TraceId = field.Value.GetString();
                    break;
                case "@sp":
                    result.SpanId = field.Value.GetString();
                    break;
                default:
                    string name = field.Name.StartsWith("@@", StringComparison.Ordinal) ? field.Name.Substring(1) : field.Name;
                    result.Properties[name] = ToValue(field.Value);
                    break;
            }
        }

        result.Task = result.Properties.TryGetValue("Task", out object? task) ? task as string : null;
        result.Attempt = AsInt(result.Properties, "Attempt");
        result.ParentSpanId = result.Properties.TryGetValue(TaskLog.ParentSpanProperty, out object? parent) ? parent as string : null;
        result.ExitCode = AsInt(result.Properties, "ExitCode");
        result.Message = rendered ?? ClefMessageRenderer.Render(result.MessageTemplate, result.Properties);
        return result;
    }

    private static int? AsInt(IDictionary<string, object?> properties, string name) =>
        properties.TryGetValue(name, out object? value) && value is long number && number >= int.MinValue && number <= int.MaxValue ? (int)number : null;

    private static object? ToValue(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetInt64(out long whole) ? (object)whole : element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.Array => element.EnumerateArray().Select(ToValue).ToArray(),
        _ => Members(element),
    };

    // A repeated name keeps its last value, as JSON readers commonly do, instead of failing the line.
    private static Dictionary<string, object?> Members(JsonElement element)
    {
        var members = new Dictionary<string, object?>();
        foreach (JsonProperty member in element.EnumerateObject()) members[member.Name] = ToValue(member.Value);
        return members;
    }
}
