using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace Hero.Health;

/// <summary>Check definitions from a JSON file: an array of check objects, or an object whose
/// "checks" property is that array (the shape of a .psd1 file's Checks key). Duplicate keys are an
/// error: a JSON reader would silently keep the last one.</summary>
public static class HealthCheckFile
{
    /// <returns>Each definition with the source label to report it by.</returns>
    /// <exception cref="HealthCheckDefinitionException">Not JSON, or not that shape; names file and line.</exception>
    public static IReadOnlyList<(IDictionary Definition, string Source)> ReadJson(string path)
    {
        string name = Path.GetFileName(path);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new HealthCheckDefinitionException($"{path}: line {(e.LineNumber ?? 0) + 1}: not valid JSON: {e.Message}");
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            JsonElement list = root;
            if (root.ValueKind == JsonValueKind.Object)
            {
                list = default;
                foreach (JsonProperty property in root.EnumerateObject())
                {
                    if (string.Equals(property.Name, "checks", StringComparison.OrdinalIgnoreCase)) list = property.Value;
                    else throw new HealthCheckDefinitionException($"{path}: '{property.Name}' is not a key of a checks file; put the checks in an array under \"checks\".", property.Name);
                }
            }

            if (list.ValueKind != JsonValueKind.Array)
            {
                throw new HealthCheckDefinitionException($"{path}: give an array of checks, or an object with a \"checks\" array.");
            }

            var result = new List<(IDictionary, string)>();
            int index = 0;
            foreach (JsonElement item in list.EnumerateArray())
            {
                index++;
                string source = $"{name}, check #{index}";
                if (item.ValueKind != JsonValueKind.Object) throw new HealthCheckDefinitionException($"{source}: a check must be an object with a \"Kind\".");
                result.Add(((IDictionary)ToValue(item, source)!, source));
            }

            return result;
        }
    }

    private static object? ToValue(JsonElement element, string source) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetInt64(out long whole) ? whole : element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Array => ToList(element, source),
        JsonValueKind.Object => ToTable(element, source),
        _ => null,
    };

    private static List<object?> ToList(JsonElement element, string source)
    {
        var list = new List<object?>();
        foreach (JsonElement item in element.EnumerateArray()) list.Add(ToValue(item, source));
        return list;
    }

    private static Hashtable ToTable(JsonElement element, string source)
    {
        var table = new Hashtable(StringComparer.OrdinalIgnoreCase);
        foreach (JsonProperty property in element.EnumerateObject())
        {
            if (table.ContainsKey(property.Name)) throw new HealthCheckDefinitionException($"{source}: the key '{property.Name}' is given twice.", property.Name);
            table[property.Name] = ToValue(property.Value, source);
        }

        return table;
    }
}
