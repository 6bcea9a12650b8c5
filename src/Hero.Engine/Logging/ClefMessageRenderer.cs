using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Serilog.Events;
using Serilog.Parsing;

namespace Hero.Logging;

/// <summary>Renders the message of a CLEF event that has no @m the way Serilog renders it — with
/// Serilog's own template parser and renderer — so a message reads the same in Get-HeroLog, in Seq and
/// in Serilog's tools: strings quoted ("ann"), structures as { X: 1 } (Type { X: 1 } with a $type),
/// sequences as [1, 2], :l for a string without quotes, formats and alignment as .NET applies them.
/// Values come back from JSON as Serilog's CLEF reader gives them back: an object is a structure
/// (its $type the type tag), an array a sequence, anything else a scalar.</summary>
internal static class ClefMessageRenderer
{
    private static readonly MessageTemplateParser Parser = new();

    public static string Render(string template, ICollection<KeyValuePair<string, object?>> properties)
    {
        if (template.Length == 0) return string.Empty;
        var values = new Dictionary<string, LogEventPropertyValue>(properties.Count);
        foreach (KeyValuePair<string, object?> property in properties)
        {
            values[property.Key] = ToValue(property.Value);
        }

        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        Parser.Parse(template).Render(values, writer, CultureInfo.InvariantCulture);
        return writer.ToString();
    }

    private static LogEventPropertyValue ToValue(object? value) => value switch
    {
        IDictionary<string, object?> members => new StructureValue(
            members.Where(m => m.Key != "$type" && LogEventProperty.IsValidName(m.Key)).Select(m => new LogEventProperty(m.Key, ToValue(m.Value))),
            members.TryGetValue("$type", out object? tag) ? tag as string : null),
        object?[] items => new SequenceValue(items.Select(ToValue)),
        _ => new ScalarValue(value),
    };
}
