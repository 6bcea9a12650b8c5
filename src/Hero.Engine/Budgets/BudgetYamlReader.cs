using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Hero.Budgets;

/// <summary>A YAML file (OpenSLO, or Hero's own objectives) into the neutral tree, one entry per
/// document ('---' separates them). Plain scalars are typed as YAML 1.2's core schema says (null,
/// true/false, integers, floats); quoted ones stay text. YamlDotNet does the parsing; a syntax error
/// names the file, line and column.</summary>
internal static class BudgetYamlReader
{
    private static readonly Regex Integer = new(@"^[-+]?[0-9]+$", RegexOptions.CultureInvariant);
    private static readonly Regex Float = new(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant);

    public static List<object?> Read(string path) => Parse(path, File.ReadAllText(path, Encoding.UTF8));

    public static List<object?> Parse(string path, string text)
    {
        var stream = new YamlStream();
        var parser = new Parser(new StringReader(text));
        try
        {
            stream.Load(parser);
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner can fail this way on some unterminated flow collections ('[a, b'):
            // still a syntax error, placed where the parser last stood.
            Mark near = parser.Current?.End ?? Mark.Empty;
            throw new HeroFileFormatException(path, "not valid YAML: a flow collection ([...] or {...}) or quoted text is not closed.", (int)near.Line, (int)near.Column);
        }
        catch (YamlException e)
        {
            string reason = e.InnerException is YamlException inner ? inner.Message : e.Message;
            int cut = reason.IndexOf("): ", StringComparison.Ordinal);
            if (reason.StartsWith("(", StringComparison.Ordinal) && cut > 0) reason = reason.Substring(cut + 3);
            throw new HeroFileFormatException(path, "not valid YAML: " + reason, (int)e.Start.Line, (int)e.Start.Column);
        }

        var documents = new List<object?>();
        foreach (YamlDocument document in stream.Documents) documents.Add(Convert(document.RootNode));
        return documents;
    }

    private static object? Convert(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                var map = new BudgetMap();
                foreach (KeyValuePair<YamlNode, YamlNode> entry in mapping.Children)
                {
                    map.Set(entry.Key is YamlScalarNode key ? key.Value ?? string.Empty : entry.Key.ToString(), Convert(entry.Value));
                }

                return map;
            case YamlSequenceNode sequence:
                var list = new List<object?>();
                foreach (YamlNode item in sequence.Children) list.Add(Convert(item));
                return list;
            case YamlScalarNode scalar:
                return scalar.Style is ScalarStyle.Plain ? Typed(scalar.Value ?? string.Empty) : scalar.Value;
            default:
                return null;
        }
    }

    private static object? Typed(string text)
    {
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return true;
            case "false" or "False" or "FALSE":
                return false;
            case ".inf" or ".Inf" or ".INF" or "+.inf":
                return double.PositiveInfinity;
        }

        if (Integer.IsMatch(text) || Float.IsMatch(text))
        {
            return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        if (text.StartsWith("0x", StringComparison.Ordinal) && long.TryParse(text.Substring(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out long hex))
        {
            return (double)hex;
        }

        return text;
    }
}
