using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Hero.Text;

/// <summary>Every duration parameter in Hero goes through here, so '250ms', '90s', '1h30m', 30, 0.5,
/// a TimeSpan and 'Infinite' mean the same thing on every cmdlet.</summary>
public static class DurationParser
{
    private static readonly Regex UnitPattern = new(
        @"\G\s*(?<n>\d+(?:\.\d+)?|\.\d+)\s*(?<u>milliseconds?|ms|seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d)(?![a-z])",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// <summary>Converts what a user typed into a TimeSpan. Infinite is Timeout.InfiniteTimeSpan.</summary>
    /// <exception cref="FormatException">With a message that says what is accepted.</exception>
    public static TimeSpan Parse(object? value)
    {
        switch (value)
        {
            case null:
                throw new FormatException("A duration is required, for example 30, '250ms', '90s', '5m', '1h30m' or 'Infinite'.");
            case TimeSpan span:
                if (span == System.Threading.Timeout.InfiniteTimeSpan) return span;
                if (span < TimeSpan.Zero) throw Negative(span.ToString());
                return span;
            case int or long or short or byte or sbyte or uint or ulong or ushort:
                return FromSeconds(Convert.ToDouble(value, CultureInfo.InvariantCulture), value.ToString()!);
            case double or float or decimal:
                return FromSeconds(Convert.ToDouble(value, CultureInfo.InvariantCulture), Convert.ToString(value, CultureInfo.InvariantCulture)!);
            case string text:
                return ParseText(text);
            default:
                return ParseText(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty);
        }
    }

    public static bool TryParse(object? value, out TimeSpan result)
    {
        try
        {
            result = Parse(value);
            return true;
        }
        catch (FormatException)
        {
            result = default;
            return false;
        }
    }

    public static bool IsInfinite(TimeSpan span) => span == System.Threading.Timeout.InfiniteTimeSpan;

    /// <summary>'1h30m', '250ms', '00:05:00'. Bare numbers are seconds.</summary>
    private static TimeSpan ParseText(string raw)
    {
        string text = raw.Trim();
        if (text.Length == 0)
        {
            throw new FormatException("An empty string is not a duration; use for example 30, '250ms', '90s', '5m', '1h30m' or 'Infinite'.");
        }

        if (text.Equals("Infinite", StringComparison.OrdinalIgnoreCase) || text.Equals("Infinity", StringComparison.OrdinalIgnoreCase))
        {
            return System.Threading.Timeout.InfiniteTimeSpan;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds))
        {
            return FromSeconds(seconds, text);
        }

        if (text.Contains(":") && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out TimeSpan clock))
        {
            if (clock < TimeSpan.Zero) throw Negative(text);
            return clock;
        }

        double totalMs = 0;
        int position = 0;
        while (position < text.Length)
        {
            Match match = UnitPattern.Match(text, position);
            if (!match.Success || match.Length == 0)
            {
                throw Invalid(raw);
            }

            double number = double.Parse(match.Groups["n"].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
            totalMs += number * UnitMilliseconds(match.Groups["u"].Value);
            position = match.Index + match.Length;
            while (position < text.Length && char.IsWhiteSpace(text[position])) position++;
        }

        return FromMilliseconds(totalMs, raw);
    }

    private static double UnitMilliseconds(string unit)
    {
        string u = unit.ToLowerInvariant();
        if (u == "ms" || u.StartsWith("milli", StringComparison.Ordinal)) return 1;
        if (u == "s" || u.StartsWith("sec", StringComparison.Ordinal)) return 1000;
        if (u == "m" || u.StartsWith("min", StringComparison.Ordinal)) return 60_000;
        if (u == "h" || u.StartsWith("h", StringComparison.Ordinal)) return 3_600_000;
        return 86_400_000;
    }

    private static TimeSpan FromSeconds(double seconds, string shown)
    {
        if (double.IsNaN(seconds) || double.IsInfinity(seconds)) throw Invalid(shown);
        if (seconds < 0) throw Negative(shown);
        return FromMilliseconds(seconds * 1000, shown);
    }

    private static TimeSpan FromMilliseconds(double milliseconds, string shown)
    {
        if (milliseconds > TimeSpan.MaxValue.TotalMilliseconds / 2) throw new FormatException($"'{shown}' is too long for a duration.");
        return TimeSpan.FromTicks((long)Math.Round(milliseconds * TimeSpan.TicksPerMillisecond));
    }

    private static FormatException Negative(string shown) =>
        new($"'{shown}' is negative; a duration must be 0 or more (or 'Infinite').");

    private static FormatException Invalid(string shown) =>
        new($"'{shown}' is not a duration. Use seconds (30, 0.5), a unit ('250ms', '90s', '5m', '1h30m', '2d'), a TimeSpan ('00:05:00') or 'Infinite'.");

    /// <summary>Short human form used in messages and logs: 250ms, 1.5s, 2m30s, 1h.</summary>
    public static string Format(TimeSpan span)
    {
        if (IsInfinite(span)) return "Infinite";
        if (span < TimeSpan.FromSeconds(1)) return ((int)Math.Round(span.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture) + "ms";
        if (span < TimeSpan.FromMinutes(1)) return Math.Round(span.TotalSeconds, 1).ToString(CultureInfo.InvariantCulture) + "s";
        var builder = new System.Text.StringBuilder();
        if (span.Days > 0) builder.Append(span.Days).Append('d');
        if (span.Hours > 0) builder.Append(span.Hours).Append('h');
        if (span.Minutes > 0) builder.Append(span.Minutes).Append('m');
        if (span.Seconds > 0) builder.Append(span.Seconds).Append('s');
        return builder.ToString();
    }
}
