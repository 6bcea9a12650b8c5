using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Hero.Text;

/// <summary>Every duration parameter in Hero goes through here, so '250ms', '90s', '1h30m', 30, 0.5,
/// '2.34e+5s', a TimeSpan and 'Infinite' mean the same thing on every cmdlet. The rules follow GNU
/// timeout's parser where the two overlap: a positive value too small to represent rounds up to the
/// smallest duration instead of down to 0 (which means "no limit"), a negative one is refused even
/// when it underflows to -0, and a value too large to wait for saturates.</summary>
public static partial class DurationParser
{
    /// <summary>The longest wait a .NET timer takes (Timer, Task.Delay, CancelAfter: 4,294,967,294 ms,
    /// about 49.7 days). Parse reads anything longer as Infinite, so no timer in Hero is ever handed a
    /// value it throws on; a wait that long cannot be told from one that never ends.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private const string Number = @"(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?";
    private const string BareNumberPattern = "^" + Number + "$";
#if NET7_0_OR_GREATER
    // Generated at build time on .NET: a Compiled regex costs every fresh process about 10 ms to
    // emit and compile at its first use, and each CI step is a fresh process.
    private static readonly Regex BareNumber = BareNumberRegex();

    [GeneratedRegex(BareNumberPattern, RegexOptions.CultureInvariant)]
    private static partial Regex BareNumberRegex();
#else
    private static readonly Regex BareNumber = new(BareNumberPattern, RegexOptions.CultureInvariant | RegexOptions.Compiled);
#endif
    private const string UnitPatternText =
        @"\G\s*(?<n>" + Number + @")\s*(?<u>milliseconds?|ms|seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d)(?![a-z])";
#if NET7_0_OR_GREATER
    private static readonly Regex UnitPattern = UnitRegex();

    [GeneratedRegex(UnitPatternText, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UnitRegex();
#else
    private static readonly Regex UnitPattern = new(UnitPatternText, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);
#endif

    /// <summary>A wait: what a user typed as a TimeSpan, Infinite as Timeout.InfiniteTimeSpan, and
    /// anything longer than <see cref="MaxWait"/> as Infinite too.</summary>
    /// <exception cref="FormatException">With a message that says what is accepted.</exception>
    public static TimeSpan Parse(object? value) => ToWait(Read(value));

    /// <summary>A wait that must end: as Parse, but 'Infinite', and a value that would saturate to
    /// it, are refused with a message that says why.</summary>
    public static TimeSpan ParseFinite(object? value)
    {
        Reading reading = Read(value);
        if (reading.Spelled) throw new FormatException("'Infinite' is not allowed here; give a finite duration such as '5s'.");
        TimeSpan wait = ToWait(reading);
        if (IsInfinite(wait))
        {
            throw new FormatException($"'{reading.Shown}' is longer than {Format(MaxWait)} ({MaxWait.TotalMilliseconds:0} ms), the longest wait .NET timers support; give a shorter duration.");
        }

        return wait;
    }

    /// <summary>A length of time that is not a wait ("10 days ago"): exact up to TimeSpan's range,
    /// with no saturation; beyond the range an error that says so.</summary>
    public static TimeSpan ParseLength(object? value)
    {
        Reading reading = Read(value);
        if (reading.Spelled) return System.Threading.Timeout.InfiniteTimeSpan;
        if (reading.Span is { } span) return span;
        double ticks = reading.Milliseconds * TimeSpan.TicksPerMillisecond;
        if (double.IsInfinity(ticks) || ticks >= long.MaxValue)
        {
            throw new FormatException($"'{reading.Shown}' is out of range: a duration can be at most {TimeSpan.MaxValue.Days} days.");
        }

        return FromTicks(ticks, reading.Nonzero);
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

    /// <summary>What a value says before any rounding: milliseconds as a double (so overflow shows as
    /// +∞ instead of an exception), whether any digit was nonzero (underflow shows as 0 with
    /// Nonzero set), or a TimeSpan passed through as it is.</summary>
    private readonly struct Reading(string shown, double milliseconds, bool nonzero, bool spelled = false, TimeSpan? span = null)
    {
        public string Shown { get; } = shown;
        public double Milliseconds { get; } = milliseconds;
        public bool Nonzero { get; } = nonzero;
        public bool Spelled { get; } = spelled;
        public TimeSpan? Span { get; } = span;
    }

    private static Reading Read(object? value)
    {
        switch (value)
        {
            case null:
                throw new FormatException("A duration is required, for example 30, '250ms', '90s', '5m', '1h30m' or 'Infinite'.");
            case TimeSpan span:
                if (IsInfinite(span)) return new Reading("Infinite", double.PositiveInfinity, true, spelled: true);
                if (span < TimeSpan.Zero) throw Negative(span.ToString());
                return new Reading(span.ToString(), span.TotalMilliseconds, span != TimeSpan.Zero, span: span);
            case int or long or short or byte or sbyte or uint or ulong or ushort or decimal:
                return FromSeconds(Convert.ToDouble(value, CultureInfo.InvariantCulture), Convert.ToString(value, CultureInfo.InvariantCulture)!);
            case double or float:
                double number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                string shown = Convert.ToString(value, CultureInfo.InvariantCulture)!;
                if (double.IsPositiveInfinity(number)) return new Reading(shown, double.PositiveInfinity, true);
                return FromSeconds(number, shown);
            case string text:
                return ReadText(text);
            default:
                return ReadText(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty);
        }
    }

    /// <summary>'1h30m', '250ms', '2.34e+5s', '00:05:00'. Bare numbers are seconds. A sign may
    /// lead the whole value; '-0' is 0, as in GNU timeout.</summary>
    private static Reading ReadText(string raw)
    {
        string text = raw.Trim();
        if (text.Length == 0)
        {
            throw new FormatException("An empty string is not a duration; use for example 30, '250ms', '90s', '5m', '1h30m' or 'Infinite'.");
        }

        if (text.Equals("Infinite", StringComparison.OrdinalIgnoreCase) || text.Equals("Infinity", StringComparison.OrdinalIgnoreCase))
        {
            return new Reading(raw, double.PositiveInfinity, true, spelled: true);
        }

        bool negative = text[0] == '-';
        string body = text[0] is '-' or '+' ? text.Substring(1) : text;
        Reading reading = ReadUnsigned(body, raw);
        if (negative && reading.Nonzero) throw Negative(raw);
        return reading;
    }

    private static Reading ReadUnsigned(string body, string raw)
    {
        if (body.Length == 0) throw Invalid(raw);
        if (BareNumber.IsMatch(body))
        {
            return new Reading(raw, ParseNumber(body) * 1000, HasNonzeroDigit(body));
        }

        if (body.Contains(":") && body[0] is >= '0' and <= '9' && TimeSpan.TryParse(body, CultureInfo.InvariantCulture, out TimeSpan clock))
        {
            if (clock < TimeSpan.Zero) throw Negative(raw);
            return new Reading(raw, clock.TotalMilliseconds, clock != TimeSpan.Zero, span: clock);
        }

        double totalMs = 0;
        bool nonzero = false;
        int position = 0;
        while (position < body.Length)
        {
            Match match = UnitPattern.Match(body, position);
            if (!match.Success || match.Length == 0)
            {
                throw Invalid(raw);
            }

            string digits = match.Groups["n"].Value;
            totalMs += ParseNumber(digits) * UnitMilliseconds(match.Groups["u"].Value);
            nonzero |= HasNonzeroDigit(digits);
            position = match.Index + match.Length;
            while (position < body.Length && char.IsWhiteSpace(body[position])) position++;
        }

        return new Reading(raw, totalMs, nonzero);
    }

    /// <summary>The digits before the exponent: 0e999 is zero, 1e-999 is not (it underflowed).</summary>
    private static bool HasNonzeroDigit(string number)
    {
        foreach (char c in number)
        {
            if (c is 'e' or 'E') return false;
            if (c is >= '1' and <= '9') return true;
        }

        return false;
    }

    // .NET Core 3.0 and later give ±∞ for an exponent out of range; .NET Framework throws instead.
    private static double ParseNumber(string digits)
    {
        try
        {
            return double.Parse(digits, NumberStyles.Float, CultureInfo.InvariantCulture);
        }
        catch (OverflowException)
        {
            return double.PositiveInfinity;
        }
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

    private static Reading FromSeconds(double seconds, string shown)
    {
        if (double.IsNaN(seconds) || double.IsNegativeInfinity(seconds)) throw Invalid(shown);
        if (seconds < 0) throw Negative(shown);
        return new Reading(shown, seconds * 1000, seconds != 0);
    }

    private static TimeSpan ToWait(Reading reading)
    {
        if (reading.Spelled || reading.Milliseconds > MaxWait.TotalMilliseconds) return System.Threading.Timeout.InfiniteTimeSpan;
        return reading.Span ?? FromTicks(reading.Milliseconds * TimeSpan.TicksPerMillisecond, reading.Nonzero);
    }

    /// <summary>Rounded to the nearest tick, but never to 0 for a value that was not 0: 0 means "no
    /// limit", the opposite of what a tiny timeout asks for.</summary>
    private static TimeSpan FromTicks(double ticks, bool nonzero)
    {
        long rounded = (long)Math.Round(ticks);
        return TimeSpan.FromTicks(rounded == 0 && nonzero ? 1 : rounded);
    }

    private static FormatException Negative(string shown) =>
        new($"'{shown}' is negative; a duration must be 0 or more (or 'Infinite').");

    private static FormatException Invalid(string shown) =>
        new($"'{shown}' is not a duration. Use seconds (30, 0.5, 2.5e3), a unit ('250ms', '90s', '5m', '1h30m', '2d'), a TimeSpan ('00:05:00') or 'Infinite'.");

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
