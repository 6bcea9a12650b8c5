using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;

namespace Hero.Budgets;

/// <summary>A JSON budget or suite file into the neutral tree; comments and trailing commas are
/// allowed (people write budgets by hand). A syntax error names the file, line and column.</summary>
internal static class BudgetJsonReader
{
    public static object? Read(string path) => Parse(path, File.ReadAllText(path, Encoding.UTF8));

    public static object? Parse(string path, string text)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return Convert(document.RootElement);
        }
        catch (JsonException e)
        {
            string reason = e.Message;
            int cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (cut > 0) reason = reason.Substring(0, cut);
            throw new HeroFileFormatException(path, "not valid JSON: " + reason.Trim(), (int?)e.LineNumber + 1, (int?)e.BytePositionInLine + 1);
        }
    }

    private static object? Convert(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var map = new BudgetMap();
                foreach (JsonProperty property in element.EnumerateObject()) map.Set(property.Name, Convert(property.Value));
                return map;
            case JsonValueKind.Array:
                var list = new List<object?>();
                foreach (JsonElement item in element.EnumerateArray()) list.Add(Convert(item));
                return list;
            case JsonValueKind.String:
                return element.GetString();
            case JsonValueKind.Number:
                return element.GetDouble();
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            default:
                return null;
        }
    }
}
