using System;
using System.Diagnostics;
using System.Numerics;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using Hero.Text;

namespace Hero.Tests.Text;

/// <summary>Random strings from a grammar of numbers, exponents, units, signs and spaces, with an
/// exact oracle (BigInteger arithmetic) for the ones the grammar makes valid and a weaker property
/// for mutated ones: the parser returns a positive duration, Infinite, zero only for zero, or a
/// FormatException, and nothing else ever.</summary>
public class DurationPropertyTests
{
    private const int Cases = 20_000;
    private const int Seed = 11_2026;

    private static readonly (string Name, long Ticks)[] Units =
    [
        ("ms", TimeSpan.TicksPerMillisecond), ("millisecond", TimeSpan.TicksPerMillisecond), ("milliseconds", TimeSpan.TicksPerMillisecond),
        ("s", TimeSpan.TicksPerSecond), ("sec", TimeSpan.TicksPerSecond), ("secs", TimeSpan.TicksPerSecond), ("second", TimeSpan.TicksPerSecond), ("seconds", TimeSpan.TicksPerSecond),
        ("m", TimeSpan.TicksPerMinute), ("min", TimeSpan.TicksPerMinute), ("mins", TimeSpan.TicksPerMinute), ("minute", TimeSpan.TicksPerMinute), ("minutes", TimeSpan.TicksPerMinute),
        ("h", TimeSpan.TicksPerHour), ("hr", TimeSpan.TicksPerHour), ("hrs", TimeSpan.TicksPerHour), ("hour", TimeSpan.TicksPerHour), ("hours", TimeSpan.TicksPerHour),
        ("d", TimeSpan.TicksPerDay), ("day", TimeSpan.TicksPerDay), ("days", TimeSpan.TicksPerDay),
    ];

    private static readonly string[] Spaces = ["", "", "", " ", "  ", "\t"];
    private static readonly string Noise = "xq,;:_-+.eE$ 0159";
    private static readonly Regex Exponent = new(@"[eE][+-]?\d+", RegexOptions.CultureInvariant);

    /// <summary>An exact value: Numerator / Denominator ticks.</summary>
    private readonly record struct Exact(BigInteger Numerator, BigInteger Denominator)
    {
        public bool IsZero => Numerator.IsZero;

        public Exact Plus(Exact other) => new(Numerator * other.Denominator + other.Numerator * Denominator, Denominator * other.Denominator);

        public int CompareTo(BigInteger ticks) => (Numerator).CompareTo(ticks * Denominator);

        /// <summary>The value in ticks as a double; only called for values below the timer limit.</summary>
        public double ToTicks()
        {
            BigInteger whole = BigInteger.DivRem(Numerator, Denominator, out BigInteger rest);
            return (double)whole + (double)(rest * (BigInteger.One << 53) / Denominator) / (1L << 53);
        }
    }

    private sealed class Case
    {
        public string Text = string.Empty;
        public bool Valid = true;
        public bool Negative;
        public bool Spelled;
        public Exact Value = new(BigInteger.Zero, BigInteger.One);
    }

    [Fact]
    public void Random_durations_from_the_grammar_behave()
    {
        var random = new Random(Seed);
        var clock = Stopwatch.StartNew();
        BigInteger limit = DurationParser.MaxWait.Ticks;
        int valid = 0, infinite = 0, refused = 0;
        for (int i = 0; i < Cases; i++)
        {
            Case c = Generate(random);
            TimeSpan? parsed;
            try
            {
                parsed = DurationParser.Parse(c.Text);
            }
            catch (FormatException)
            {
                parsed = null;
                refused++;
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException($"case {i} '{Escape(c.Text)}': {e.GetType().Name} instead of a FormatException: {e.Message}");
            }

            string label = $"case {i} '{Escape(c.Text)}' gave {(parsed is null ? "an error" : parsed.Value.Ticks + " ticks")}";
            if (parsed is { } span)
            {
                Assert.True(span >= TimeSpan.Zero || DurationParser.IsInfinite(span), label);
                if (DurationParser.IsInfinite(span)) infinite++;
                if (span == TimeSpan.Zero) Assert.False(HasNonzeroDigit(c.Text), label + ": zero for a nonzero input");
            }

            if (!c.Valid) continue;
            valid++;
            if (c.Negative && !c.Value.IsZero)
            {
                Assert.True(parsed is null, label + ": a negative value must be refused");
                continue;
            }

            Assert.True(parsed is not null, label + ": a value of the grammar must parse");
            TimeSpan result = parsed!.Value;
            if (c.Spelled)
            {
                Assert.True(DurationParser.IsInfinite(result), label);
            }
            else if (c.Value.IsZero)
            {
                Assert.Equal(TimeSpan.Zero, result);
            }
            else if (c.Value.CompareTo(limit + 1) > 0)
            {
                // Past the limit by more than rounding can explain.
                Assert.True(DurationParser.IsInfinite(result), label + ": expected Infinite");
            }
            else if (c.Value.CompareTo(limit - 1) < 0)
            {
                Assert.False(DurationParser.IsInfinite(result), label + ": expected a finite wait");
                double expected = c.Value.ToTicks();
                Assert.True(result.Ticks >= 1, label + ": a positive value must not round to 0");
                Assert.True(Math.Abs(result.Ticks - Math.Max(1, expected)) <= 1 + expected * 1e-12, $"{label}: expected about {expected} ticks");
            }
        }

        clock.Stop();
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"{Cases} cases took {clock.Elapsed.TotalSeconds:0.00} s");
        // The grammar must reach every branch, or the property says little.
        Assert.True(valid > Cases / 2, $"only {valid} valid cases");
        Assert.True(infinite > Cases / 50, $"only {infinite} Infinite results");
        Assert.True(refused > Cases / 10, $"only {refused} refusals");
    }

    private static Case Generate(Random random)
    {
        var c = new Case();
        var text = new StringBuilder(Pick(random, Spaces));
        int form = random.Next(100);
        if (form < 5)
        {
            text.Append(Cased(random, random.Next(2) == 0 ? "Infinite" : "Infinity"));
            c.Spelled = true;
        }
        else
        {
            int sign = random.Next(10);
            if (sign == 0) { text.Append('-'); c.Negative = true; }
            else if (sign == 1) text.Append('+');

            if (form < 35)
            {
                c.Value = AppendNumber(random, text, TimeSpan.TicksPerSecond);
            }
            else
            {
                int segments = 1 + random.Next(3);
                for (int s = 0; s < segments; s++)
                {
                    (string unit, long ticks) = Units[random.Next(Units.Length)];
                    if (s > 0) text.Append(Pick(random, Spaces));
                    c.Value = c.Value.Plus(AppendNumber(random, text, ticks));
                    text.Append(Pick(random, Spaces)).Append(Cased(random, unit));
                }
            }
        }

        text.Append(Pick(random, Spaces));
        if (random.Next(5) == 0)
        {
            // One character in, out or changed: mostly invalid, sometimes still valid by luck, so
            // only the weak property is checked.
            int at = random.Next(text.Length + 1);
            int edit = random.Next(3);
            if (edit == 0 || at == text.Length) text.Insert(at, Noise[random.Next(Noise.Length)]);
            else if (edit == 1) text.Remove(at, 1);
            else text[at] = Noise[random.Next(Noise.Length)];
            c.Valid = false;
        }

        c.Text = text.ToString();
        return c;
    }

    /// <summary>digits[.digits][e[±]digits], with leading zeros, long mantissas and exponents far
    /// outside a double's range; the exact value is digits × 10^(exponent − fraction length) × unit.</summary>
    private static Exact AppendNumber(Random random, StringBuilder text, long unitTicks)
    {
        string whole = Digits(random, random.Next(4) == 0 ? 0 : 1 + random.Next(random.Next(4) == 0 ? 25 : 4));
        string fraction = random.Next(3) == 0 ? Digits(random, whole.Length == 0 ? 1 + random.Next(6) : random.Next(6)) : string.Empty;
        bool point = fraction.Length > 0 || (whole.Length > 0 && random.Next(20) == 0);
        if (whole.Length == 0 && fraction.Length == 0) whole = "0";
        text.Append(whole);
        if (point) text.Append('.').Append(fraction);
        int exponent = 0;
        if (random.Next(3) == 0)
        {
            exponent = random.Next(5) switch
            {
                0 => random.Next(-10_000, -300),
                1 => random.Next(300, 10_000),
                _ => random.Next(-25, 26),
            };
            text.Append(random.Next(2) == 0 ? 'e' : 'E');
            if (exponent < 0) text.Append('-');
            else if (random.Next(2) == 0) text.Append('+');
            text.Append(Math.Abs(exponent).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        BigInteger mantissa = BigInteger.Parse("0" + whole + fraction, System.Globalization.CultureInfo.InvariantCulture);
        int scale = exponent - fraction.Length;
        return scale >= 0
            ? new Exact(mantissa * unitTicks * BigInteger.Pow(10, scale), BigInteger.One)
            : new Exact(mantissa * unitTicks, BigInteger.Pow(10, -scale));
    }

    private static string Digits(Random random, int count)
    {
        var digits = new char[count];
        bool zeros = random.Next(5) == 0;
        for (int i = 0; i < count; i++) digits[i] = zeros && random.Next(4) != 0 ? '0' : (char)('0' + random.Next(10));
        return new string(digits);
    }

    private static string Cased(Random random, string word)
    {
        int style = random.Next(4);
        if (style == 0) return word.ToUpperInvariant();
        if (style == 1) return char.ToUpperInvariant(word[0]) + word.Substring(1);
        return word;
    }

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];

    /// <summary>A nonzero digit outside any exponent: zero must never come out of such text.</summary>
    private static bool HasNonzeroDigit(string text) => Regex.IsMatch(Exponent.Replace(text, string.Empty), "[1-9]");

    private static string Escape(string text) => text.Replace("\t", "\\t");
}
