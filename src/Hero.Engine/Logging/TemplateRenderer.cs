using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Hero.Logging;

/// <summary>Renders a message template for people: holes ({Name}, {@Name}, {Name:format},
/// {Name,10}) become the property's value, unquoted; {{ and }} are literal braces; a hole with no
/// property stays as written.</summary>
public static class TemplateRenderer
{
    public static string Render(string template, Func<string, (bool Found, object? Value)> lookup)
    {
        var builder = new StringBuilder(template.Length + 32);
        int i = 0;
        while (i < template.Length)
        {
            char c = template[i];
            if (c == '{' && i + 1 < template.Length && template[i + 1] == '{')
            {
                builder.Append('{');
                i += 2;
                continue;
            }

            if (c == '}' && i + 1 < template.Length && template[i + 1] == '}')
            {
                builder.Append('}');
                i += 2;
                continue;
            }

            if (c == '{')
            {
                int close = template.IndexOf('}', i + 1);
                if (close > i + 1)
                {
                    string hole = template.Substring(i + 1, close - i - 1);
                    string name = hole.TrimStart('@', '$');
                    string? format = null;
                    int colon = name.IndexOf(':');
                    if (colon >= 0)
                    {
                        format = name.Substring(colon + 1);
                        name = name.Substring(0, colon);
                    }

                    int comma = name.IndexOf(',');
                    if (comma >= 0) name = name.Substring(0, comma);
                    (bool found, object? value) = lookup(name);
                    builder.Append(found ? Format(value, format) : "{" + hole + "}");
                    i = close + 1;
                    continue;
                }
            }

            builder.Append(c);
            i++;
        }

        return builder.ToString();
    }

    private static string Format(object? value, string? format)
    {
        if (value is null) return "null";
        if (value is IDictionary dictionary)
        {
            var parts = new List<string>();
            foreach (DictionaryEntry entry in dictionary) parts.Add($"{Quote(entry.Key)}: {Quote(entry.Value)}");
            return "{" + string.Join(", ", parts) + "}";
        }

        if (value is IEnumerable sequence and not string)
        {
            var parts = new List<string>();
            foreach (object? item in sequence) parts.Add(Quote(item));
            return "[" + string.Join(", ", parts) + "]";
        }

        if (format is { Length: > 0 } && format != "l" && format != "j" && value is IFormattable formattable)
        {
            return formattable.ToString(format, CultureInfo.InvariantCulture);
        }

        return Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
    }

    /// <summary>Inside a structure strings are quoted, as in JSON, so "a, b" and ["a", "b"] differ.</summary>
    private static string Quote(object? value) => value is string text ? "\"" + text + "\"" : Format(value, null);
}
