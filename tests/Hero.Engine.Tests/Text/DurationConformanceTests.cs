using System;
using System.Threading;
using System.Threading.Tasks;
using Hero.Resilience;
using Hero.Text;

namespace Hero.Tests.Text;

/// <summary>The cases of coreutils' tests/timeout/timeout-parameters.sh that apply to a duration
/// parser, and what Hero does with values no timer can wait for.</summary>
public class DurationConformanceTests
{
    private static readonly TimeSpan OneTick = TimeSpan.FromTicks(1);

    [Theory]
    [InlineData("1e-10000")]
    [InlineData("1e-10000s")]
    [InlineData("0.000000001")]
    [InlineData("0.00000000000000000000000000000000000000001ms")]
    [InlineData("1e-400d")]
    public void A_positive_value_too_small_to_represent_rounds_up_to_one_tick(string input)
    {
        // 0 means "no limit": rounding down would turn the shortest deadline into none at all.
        Assert.Equal(OneTick, DurationParser.Parse(input));
        Assert.Equal(OneTick, DurationParser.ParseLength(input));
    }

    [Fact]
    public void A_positive_double_too_small_for_a_tick_rounds_up_too()
    {
        Assert.Equal(OneTick, DurationParser.Parse(1e-300));
        Assert.Equal(OneTick, DurationParser.Parse(double.Epsilon));
    }

    [Theory]
    [InlineData(" -1e-10000")]
    [InlineData("-1e-10000")]
    [InlineData("-1e-400s")]
    [InlineData("-0.0000000001")]
    public void A_negative_value_is_refused_even_when_it_underflows(string input)
    {
        FormatException error = Assert.Throws<FormatException>(() => DurationParser.Parse(input));
        Assert.Contains("negative", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-0")]
    [InlineData("-0s")]
    [InlineData("+0")]
    [InlineData("0e999")]
    [InlineData("-0e-10000")]
    public void Zero_with_a_sign_or_an_exponent_is_zero(string input)
    {
        Assert.Equal(TimeSpan.Zero, DurationParser.Parse(input));
    }

    [Theory]
    [InlineData("2.34e+5s", 234_000)]
    [InlineData("2.34e+5", 234_000)]
    [InlineData("2.34E+5S", 234_000)]
    [InlineData("1.5e3ms", 1.5)]
    [InlineData("1e1m 1E1s", 610)]
    [InlineData("+5s", 5)]
    [InlineData("5.s", 5)]
    [InlineData("2.34", 2.34)]
    [InlineData("9.999999999", 9.999999999)]
    public void Exponents_and_signs_work_with_and_without_a_unit(string input, double seconds)
    {
        Assert.Equal(TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond)), DurationParser.Parse(input));
    }

    [Theory]
    [InlineData("4294967296")]
    [InlineData("2147483647")]
    [InlineData("9223372036854775807")]
    [InlineData("9223372036854775808")]
    [InlineData("170141183460469231731687303715884105727")]
    [InlineData("1e308")]
    [InlineData("1e309")]
    [InlineData("9223372036854775807d")]
    [InlineData("9223372036854775808d")]
    [InlineData("2.34e+5d")]
    [InlineData("4294967295ms")]
    [InlineData("50d")]
    public void A_value_longer_than_any_timer_can_wait_saturates_to_Infinite(string input)
    {
        Assert.Equal(Timeout.InfiniteTimeSpan, DurationParser.Parse(input));
    }

    [Theory]
    [InlineData(4294967296L)]
    [InlineData(long.MaxValue)]
    [InlineData(1e308)]
    [InlineData(double.PositiveInfinity)]
    public void Huge_numbers_saturate_too(object input)
    {
        Assert.Equal(Timeout.InfiniteTimeSpan, DurationParser.Parse(input));
    }

    [Fact]
    public void Huge_TimeSpans_saturate_too()
    {
        Assert.Equal(Timeout.InfiniteTimeSpan, DurationParser.Parse(TimeSpan.MaxValue));
        Assert.Equal(Timeout.InfiniteTimeSpan, DurationParser.Parse(TimeSpan.FromDays(50)));
        Assert.Equal(TimeSpan.FromDays(49), DurationParser.Parse(TimeSpan.FromDays(49)));
    }

    [Fact]
    public void The_longest_finite_wait_is_the_timer_limit_exactly()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(4_294_967_294), DurationParser.MaxWait);
        Assert.Equal(DurationParser.MaxWait, DurationParser.Parse("4294967294ms"));
    }

    [Fact]
    public void Every_finite_wait_the_parser_returns_is_accepted_by_every_timer()
    {
        // What threw "ArgumentOutOfRangeException (Parameter 'delay')" from inside the cmdlet.
        TimeSpan longest = DurationParser.Parse("4294967294ms");
        using var cancel = new CancellationTokenSource();
        cancel.CancelAfter(longest);
        using var timer = new Timer(_ => { }, null, longest, longest);
        using var stopped = new CancellationTokenSource();
        stopped.Cancel();
        Task delay = Task.Delay(longest, stopped.Token);
        Assert.True(delay.IsCanceled);

        Assert.Throws<ArgumentOutOfRangeException>(() => cancel.CancelAfter(longest + TimeSpan.FromMilliseconds(1)));
    }

    [Fact]
    public void An_uncapped_exponential_backoff_never_asks_a_timer_for_more_than_it_takes()
    {
        var schedule = new RetrySchedule(TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan, RetryBackoff.Exponential, jitter: false);
        Assert.Equal(DurationParser.MaxWait, schedule.Next(40));
        Assert.Equal(TimeSpan.FromSeconds(1L << 20), schedule.Next(20));
    }

    [Theory]
    [InlineData("100d", "longest wait")]
    [InlineData("4294967296", "longest wait")]
    [InlineData("Infinite", "'Infinite' is not allowed")]
    public void A_wait_that_must_end_refuses_what_would_saturate_and_says_why(string input, string expected)
    {
        FormatException error = Assert.Throws<FormatException>(() => DurationParser.ParseFinite(input));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        if (input != "Infinite") Assert.Contains($"'{input}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_length_of_time_is_exact_past_the_timer_limit_and_refuses_what_TimeSpan_cannot_hold()
    {
        Assert.Equal(TimeSpan.FromDays(100), DurationParser.ParseLength("100d"));
        Assert.Equal(TimeSpan.FromDays(100), DurationParser.ParseLength(TimeSpan.FromDays(100)));
        FormatException error = Assert.Throws<FormatException>(() => DurationParser.ParseLength("9223372036854775808d"));
        Assert.Contains("out of range", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("too long", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-")]
    [InlineData("+")]
    [InlineData("--5")]
    [InlineData("+-5")]
    [InlineData("- 5")]
    [InlineData("1e")]
    [InlineData("1e+")]
    [InlineData(".")]
    [InlineData("e5")]
    [InlineData("5s-5s")]
    [InlineData("0x10")]
    [InlineData("inf")]
    [InlineData("-Infinite")]
    public void Malformed_numbers_are_refused(string input)
    {
        Assert.Throws<FormatException>(() => DurationParser.Parse(input));
    }
}
