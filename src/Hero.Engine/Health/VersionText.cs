using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Hero.Health;

/// <summary>Versions as tools print them. The documented default pattern takes the first dotted
/// number of two to four parts in the output (not part of a longer dotted number) ("git version 2.39.5" gives 2.39.5, "v18.19.0" gives
/// 18.19.0, "Python 3.11.2" gives 3.11.2); a check may give its own pattern with a group named
/// "version". Comparisons treat missing parts as 0, so 7.4 equals 7.4.0.</summary>
public static class VersionText
{
    public const string DefaultPattern = @"(?<![\d.])(?<version>\d+(?:\.\d+){1,3})(?!\.?\d)";

    public static bool TryParse(string text, out Version? version)
    {
        version = null;
        string trimmed = text.Trim().TrimStart('v', 'V');
        if (trimmed.Length == 0) return false;
        string[] parts = trimmed.Split(['.']);
        if (parts.Length > 4) return false;
        var numbers = new int[4];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i])) return false;
        }

        // As many parts as were written, so 2.39.5 reads back as 2.39.5; comparisons normalise.
        version = parts.Length switch
        {
            1 or 2 => new Version(numbers[0], numbers[1]),
            3 => new Version(numbers[0], numbers[1], numbers[2]),
            _ => new Version(numbers[0], numbers[1], numbers[2], numbers[3]),
        };
        return true;
    }

    /// <summary>The version the pattern finds in the output, or null.</summary>
    /// <exception cref="RegexMatchTimeoutException">The pattern ran past its match timeout.</exception>
    public static Version? Find(string output, HealthPattern pattern)
    {
        Match match = pattern.Match(output);
        if (!match.Success) return null;
        Group group = match.Groups["version"];
        string text = group.Success ? group.Value : match.Value;
        return TryParse(text, out Version? version) ? version : null;
    }

    public static Version Normalize(Version version) =>
        new(version.Major, Math.Max(version.Minor, 0), Math.Max(version.Build, 0), Math.Max(version.Revision, 0));

    /// <summary>Short form for messages: 7.4 rather than 7.4.0.0.</summary>
    public static string Format(Version version)
    {
        Version v = Normalize(version);
        if (v.Revision != 0) return v.ToString(4);
        return v.Build != 0 ? v.ToString(3) : v.ToString(2);
    }
}
