using System;
using System.Text;
using System.Text.RegularExpressions;

namespace Hero.Slo;

/// <summary>PowerShell's wildcards over task names, case-insensitive: * any run of characters, ? one,
/// [abc] and [a-c] one of a set, a backtick escapes the next character.</summary>
internal sealed class TaskPattern
{
    private readonly Regex _regex;

    public TaskPattern(string pattern)
    {
        Text = pattern;
        _regex = new Regex("^" + Translate(pattern) + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline);
    }

    public string Text { get; }

    public bool Matches(string name) => _regex.IsMatch(name);

    /// <summary>A name as a pattern that matches only itself.</summary>
    public static string Escape(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (char c in name)
        {
            if (c is '*' or '?' or '[' or ']' or '`') builder.Append('`');
            builder.Append(c);
        }

        return builder.ToString();
    }

    private static string Translate(string pattern)
    {
        var builder = new StringBuilder();
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            switch (c)
            {
                case '`' when i + 1 < pattern.Length:
                    builder.Append(Regex.Escape(pattern[++i].ToString()));
                    break;
                case '*':
                    builder.Append(".*");
                    break;
                case '?':
                    builder.Append('.');
                    break;
                case '[':
                    int close = pattern.IndexOf(']', i + 1);
                    if (close < 0) throw new FormatException($"the wildcard '{pattern}' opens '[' at {i + 1} and never closes it.");
                    string set = pattern.Substring(i + 1, close - i - 1);
                    builder.Append('[').Append(set.Replace("\\", "\\\\").Replace("^", "\\^")).Append(']');
                    i = close;
                    break;
                default:
                    builder.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        return builder.ToString();
    }
}
