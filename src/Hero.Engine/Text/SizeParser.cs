using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Hero.Text;

/// <summary>Byte sizes as users write them: 1048576, '512KB', '512MB', '1GiB'. KB/MB/GB are powers of
/// 1024, as PowerShell's own 1MB literal is; KiB/MiB/GiB say the same thing explicitly.</summary>
public static partial class SizeParser
{
    private const string PatternText = @"^\s*(?<n>\d+(?:\.\d+)?|\.\d+)\s*(?<u>b|bytes?|kb|kib|k|mb|mib|m|gb|gib|g|tb|tib|t)?\s*$";
#if NET7_0_OR_GREATER
    // Generated at build time on .NET: a Compiled regex costs every fresh process about 10 ms to
    // emit and compile at its first use, and each CI step is a fresh process.
    private static readonly Regex Pattern = SizeRegex();

    [GeneratedRegex(PatternText, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SizeRegex();
#else
    private static readonly Regex Pattern = new(PatternText, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);
#endif

    public static long Parse(object? value)
    {
        switch (value)
        {
            case null:
                throw new FormatException("A size is required, for example 1048576, '512KB', '10MB' or '1GiB'.");
            case int or long or short or byte or uint or ushort or ulong or sbyte:
                long whole = Convert.ToInt64(value, CultureInfo.InvariantCulture);
                if (whole < 0) throw Negative(value.ToString()!);
                return whole;
            case double or float or decimal:
                double number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                if (number < 0 || double.IsNaN(number) || double.IsInfinity(number)) throw Negative(Convert.ToString(value, CultureInfo.InvariantCulture)!);
                return (long)Math.Round(number);
            default:
                return ParseText(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty);
        }
    }

    private static long ParseText(string text)
    {
        if (text.TrimStart().StartsWith("-", StringComparison.Ordinal)) throw Negative(text);
        Match match = Pattern.Match(text);
        if (!match.Success)
        {
            throw new FormatException($"'{text}' is not a size. Use bytes (1048576) or a unit: '512KB', '10MB', '1GiB'.");
        }

        double number = double.Parse(match.Groups["n"].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
        string unit = match.Groups["u"].Success ? match.Groups["u"].Value.ToLowerInvariant() : "b";
        double factor = unit[0] switch
        {
            'k' => 1024d,
            'm' => 1024d * 1024,
            'g' => 1024d * 1024 * 1024,
            't' => 1024d * 1024 * 1024 * 1024,
            _ => 1d,
        };
        double bytes = number * factor;
        if (bytes >= long.MaxValue) throw new FormatException($"'{text}' is too large.");
        return (long)Math.Round(bytes);
    }

    private static FormatException Negative(string shown) => new($"'{shown}' is negative; a size must be 0 or more.");

    /// <summary>Short human form for messages: 512 B, 1.5 KiB, 20 MiB.</summary>
    public static string Format(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0 ? $"{bytes} B" : value.ToString("0.#", CultureInfo.InvariantCulture) + " " + units[unit];
    }
}
