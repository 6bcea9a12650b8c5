using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace Hero.Security;

/// <summary>Keeps secrets out of everything Hero writes: values registered with Register-HeroSecret
/// (or found under a sensitive name in -Environment) and the values of sensitive-looking keys in
/// text such as 'password=...', '--token xyz' or 'Authorization: Bearer ...'.</summary>
public static class SecretMasker
{
    public const string Mask = "***";

    private static readonly object Gate = new();
    private static string[] s_values = [];

    private static readonly Regex SensitiveName = new(
        @"pass(word|wd|phrase)?|pwd|secret|token|api[-_]?key|apikey|auth(orization)?|cookie|connection[-_]?string|credential|private[-_]?key|access[-_]?key|client[-_]?secret|sas",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);

    // key=value, key: value, "key": "value" where the key looks sensitive.
    private static readonly Regex SensitiveAssignment = new(
        @"(?<key>[""']?[\w.-]*(pass(word|wd|phrase)?|pwd|secret|token|api[-_]?key|apikey|authorization|cookie|connection[-_]?string|credential|private[-_]?key|access[-_]?key|client[-_]?secret)[\w.-]*[""']?\s*[=:]\s*)(?<value>""[^""]*""|'[^']*'|(Bearer|Basic|Digest|Negotiate|NTLM|token|ApiKey|Bot|SharedKey|AWS4-HMAC-SHA256)\s+[^\r\n]+|[^\s,;&""']+)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);

    public static bool IsSensitiveName(string name) => SensitiveName.IsMatch(name);

    public static void Register(string? value)
    {
        // Very short values would mask ordinary text everywhere ('a', 'on'); three characters is the floor.
        if (string.IsNullOrEmpty(value) || value!.Length < 3)
        {
            return;
        }

        lock (Gate)
        {
            if (!s_values.Contains(value, StringComparer.Ordinal))
            {
                s_values = [.. s_values.Append(value).OrderByDescending(v => v.Length)];
            }
        }
    }

    public static int Count => s_values.Length;

    internal static void ClearForTests()
    {
        lock (Gate)
        {
            s_values = [];
        }
    }

    /// <summary>Registered values only: cheap enough for every output line.</summary>
    public static string MaskValues(string text)
    {
        string[] values = s_values;
        if (values.Length == 0 || text.Length == 0)
        {
            return text;
        }

        foreach (string value in values)
        {
            if (text.IndexOf(value, StringComparison.Ordinal) >= 0)
            {
                text = text.Replace(value, Mask);
            }
        }

        return text;
    }

    /// <summary>Registered values and sensitive key=value pairs: for messages, logs and commands.</summary>
    public static string MaskAll(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        text = MaskValues(text);
        return SensitiveAssignment.Replace(text, match => match.Groups["key"].Value + Mask);
    }

    /// <summary>An argument vector for display: a value after a sensitive flag ('--password x',
    /// '-Token x') and sensitive key=value arguments are masked.</summary>
    public static IEnumerable<string> MaskArguments(IEnumerable<string> arguments)
    {
        bool maskNext = false;
        foreach (string argument in arguments)
        {
            if (maskNext)
            {
                maskNext = false;
                yield return Mask;
                continue;
            }

            bool isFlag = argument.StartsWith("-", StringComparison.Ordinal)
                || (System.IO.Path.DirectorySeparatorChar == '\\' && argument.StartsWith("/", StringComparison.Ordinal));
            if (isFlag && argument.IndexOfAny(['=', ':']) < 0 && IsSensitiveName(argument.TrimStart('-', '/')))
            {
                maskNext = true;
                yield return MaskValues(argument);
                continue;
            }

            yield return MaskAll(argument);
        }
    }
}
