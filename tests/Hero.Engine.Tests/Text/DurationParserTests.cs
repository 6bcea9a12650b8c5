using System;
using System.Threading;
using Hero.Text;

namespace Hero.Tests.Text;

public class DurationParserTests
{
    [Theory]
    [InlineData(5, 5_000)]
    [InlineData(0, 0)]
    [InlineData(0.5, 500)]
    [InlineData(90L, 90_000)]
    [InlineData("250ms", 250)]
    [InlineData("90s", 90_000)]
    [InlineData("5m", 300_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("2d", 172_800_000)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData(".5s", 500)]
    [InlineData("1h 30m", 5_400_000)]
    [InlineData(" 90S ", 90_000)]
    [InlineData("30", 30_000)]
    [InlineData("0.25", 250)]
    [InlineData("0", 0)]
    [InlineData("00:05:00", 300_000)]
    [InlineData("01:02:03", 3_723_000)]
    [InlineData("250milliseconds", 250)]
    public void Parse_accepts_the_documented_forms(object input, long expectedMilliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), DurationParser.Parse(input));
    }

    // Long unit names next to their one-letter forms: a unit must be matched whole, not as its first
    // letter, or '5minutes' would be read as '5m' and then fail on 'inutes'.
    [Theory]
    [InlineData("90seconds", 90_000)]
    [InlineData("90 secs", 90_000)]
    [InlineData("5minutes", 300_000)]
    [InlineData("5 min", 300_000)]
    [InlineData("1hour", 3_600_000)]
    [InlineData("2 hrs", 7_200_000)]
    [InlineData("2days", 172_800_000)]
    public void Parse_accepts_long_unit_names(string input, long expectedMilliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), DurationParser.Parse(input));
    }

    [Fact]
    public void Parse_passes_a_TimeSpan_through()
    {
        Assert.Equal(TimeSpan.FromSeconds(42.5), DurationParser.Parse(TimeSpan.FromSeconds(42.5)));
        Assert.Equal(TimeSpan.Zero, DurationParser.Parse(TimeSpan.Zero));
    }

    [Theory]
    [InlineData("Infinite")]
    [InlineData("infinite")]
    [InlineData("INFINITY")]
    [InlineData("  Infinite  ")]
    public void Parse_maps_Infinite_to_InfiniteTimeSpan(string input)
    {
        Assert.Equal(Timeout.InfiniteTimeSpan, DurationParser.Parse(input));
    }

    [Fact]
    public void Parse_keeps_an_infinite_TimeSpan()
    {
        TimeSpan parsed = DurationParser.Parse(Timeout.InfiniteTimeSpan);
        Assert.Equal(Timeout.InfiniteTimeSpan, parsed);
        Assert.True(DurationParser.IsInfinite(parsed));
    }

    [Theory]
    [InlineData(-1, "'-1'")]
    [InlineData(-0.5, "'-0.5'")]
    [InlineData("-5s", "'-5s'")]
    [InlineData("-5", "'-5'")]
    [InlineData("banana", "'banana'")]
    [InlineData("5 parsecs", "'5 parsecs'")]
    [InlineData("5s banana", "'5s banana'")]
    [InlineData("1h30", "'1h30'")]
    [InlineData("NaN", "'NaN'")]
    public void Parse_rejects_invalid_input_quoting_it(object input, string quoted)
    {
        FormatException error = Assert.Throws<FormatException>(() => DurationParser.Parse(input));
        Assert.Contains(quoted, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_rejects_a_negative_TimeSpan()
    {
        FormatException error = Assert.Throws<FormatException>(() => DurationParser.Parse(TimeSpan.FromSeconds(-2)));
        Assert.Contains("negative", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Parse_rejects_empty_input_with_an_example(string? input)
    {
        // Nothing to quote here: the message says what would have been accepted instead.
        FormatException error = Assert.Throws<FormatException>(() => DurationParser.Parse(input));
        Assert.Contains("'250ms'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("banana")]
    [InlineData("-1")]
    [InlineData("")]
    public void TryParse_returns_false_instead_of_throwing(string input)
    {
        Assert.False(DurationParser.TryParse(input, out TimeSpan result));
        Assert.Equal(default, result);
    }

    [Fact]
    public void TryParse_returns_the_value_on_success()
    {
        Assert.True(DurationParser.TryParse("1h30m", out TimeSpan result));
        Assert.Equal(TimeSpan.FromMinutes(90), result);
    }

    [Theory]
    [InlineData(250, "250ms")]
    [InlineData(0, "0ms")]
    [InlineData(1_500, "1.5s")]
    [InlineData(5_000, "5s")]
    [InlineData(150_000, "2m30s")]
    [InlineData(3_600_000, "1h")]
    [InlineData(5_400_000, "1h30m")]
    [InlineData(90_061_000, "1d1h1m1s")]
    public void Format_gives_the_short_form(long milliseconds, string expected)
    {
        Assert.Equal(expected, DurationParser.Format(TimeSpan.FromMilliseconds(milliseconds)));
    }

    [Fact]
    public void Format_names_infinite()
    {
        Assert.Equal("Infinite", DurationParser.Format(Timeout.InfiniteTimeSpan));
    }

    [Theory]
    [InlineData("250ms")]
    [InlineData("1.5s")]
    [InlineData("2m30s")]
    [InlineData("1d1h1m1s")]
    [InlineData("Infinite")]
    public void Format_output_parses_back_to_the_same_value(string text)
    {
        TimeSpan parsed = DurationParser.Parse(text);
        Assert.Equal(parsed, DurationParser.Parse(DurationParser.Format(parsed)));
    }
}
