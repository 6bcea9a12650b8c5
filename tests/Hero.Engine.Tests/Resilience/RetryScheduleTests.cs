using System;
using System.Collections.Generic;
using System.Threading;
using Hero.Resilience;

namespace Hero.Tests.Resilience;

public sealed class RetryScheduleTests
{
    private static readonly TimeSpan D = TimeSpan.FromMilliseconds(100);

    private static RetrySchedule Uncapped(RetryBackoff backoff, bool jitter = false) =>
        new(D, TimeSpan.Zero, backoff, jitter);

    [Theory]
    [InlineData(0, 100)]
    [InlineData(1, 200)]
    [InlineData(2, 400)]
    [InlineData(3, 800)]
    [InlineData(10, 102_400)]
    public void Exponential_nominal_is_delay_times_two_to_the_n(int n, long expectedMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), Uncapped(RetryBackoff.Exponential).Nominal(n));
    }

    [Theory]
    [InlineData(0, 100)]
    [InlineData(1, 200)]
    [InlineData(2, 300)]
    [InlineData(9, 1000)]
    public void Linear_nominal_is_delay_times_n_plus_one(int n, long expectedMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), Uncapped(RetryBackoff.Linear).Nominal(n));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1000)]
    public void Constant_nominal_is_always_the_delay(int n)
    {
        Assert.Equal(D, Uncapped(RetryBackoff.Constant).Nominal(n));
    }

    [Fact]
    public void Without_jitter_Next_is_the_nominal_delay()
    {
        RetrySchedule schedule = Uncapped(RetryBackoff.Exponential);
        for (int n = 0; n < 8; n++)
        {
            Assert.Equal(schedule.Nominal(n), schedule.Next(n));
        }
    }

    [Theory]
    [InlineData(RetryBackoff.Exponential)]
    [InlineData(RetryBackoff.Linear)]
    public void MaxDelay_caps_the_nominal_delay(RetryBackoff backoff)
    {
        var schedule = new RetrySchedule(D, TimeSpan.FromMilliseconds(250), backoff, jitter: false);

        Assert.Equal(TimeSpan.FromMilliseconds(100), schedule.Nominal(0));
        Assert.Equal(TimeSpan.FromMilliseconds(200), schedule.Nominal(1));
        Assert.Equal(TimeSpan.FromMilliseconds(250), schedule.Nominal(2));
        Assert.Equal(TimeSpan.FromMilliseconds(250), schedule.Nominal(20));
        Assert.Equal(TimeSpan.FromMilliseconds(250), schedule.Next(20));
        Assert.Equal(TimeSpan.FromMilliseconds(250), schedule.MaxDelay);
    }

    [Fact]
    public void MaxDelay_equal_to_a_step_is_reached_exactly()
    {
        var schedule = new RetrySchedule(D, TimeSpan.FromMilliseconds(400), RetryBackoff.Exponential, jitter: false);
        Assert.Equal(TimeSpan.FromMilliseconds(400), schedule.Nominal(2));
        Assert.Equal(TimeSpan.FromMilliseconds(400), schedule.Nominal(3));
    }

    public static IEnumerable<object[]> NoCap => [[TimeSpan.Zero], [Timeout.InfiniteTimeSpan], [TimeSpan.FromSeconds(-5)]];

    [Theory]
    [MemberData(nameof(NoCap))]
    public void MaxDelay_zero_or_infinite_means_no_cap(TimeSpan maxDelay)
    {
        var schedule = new RetrySchedule(D, maxDelay, RetryBackoff.Exponential, jitter: false);

        Assert.Equal(TimeSpan.MaxValue, schedule.MaxDelay);
        // 100 ms · 2^20 ≈ 29 hours: far beyond any default cap, and not cut.
        Assert.Equal(TimeSpan.FromMilliseconds(100L << 20), schedule.Nominal(20));
    }

    [Theory]
    [InlineData(RetryBackoff.Exponential, 0)]
    [InlineData(RetryBackoff.Exponential, 4)]
    [InlineData(RetryBackoff.Linear, 3)]
    [InlineData(RetryBackoff.Constant, 5)]
    public void Jittered_delay_stays_within_half_and_full_nominal_and_varies(RetryBackoff backoff, int n)
    {
        RetrySchedule schedule = Uncapped(backoff, jitter: true);
        TimeSpan nominal = schedule.Nominal(n);
        var seen = new HashSet<long>();
        long below75 = 0;
        const int Draws = 5000;
        for (int i = 0; i < Draws; i++)
        {
            TimeSpan next = schedule.Next(n);
            Assert.InRange(next.Ticks * 2, nominal.Ticks, nominal.Ticks * 2);
            Assert.True(next <= nominal, $"draw {next} above nominal {nominal}");
            seen.Add(next.Ticks);
            if (next.Ticks * 4 < nominal.Ticks * 3) below75++;
        }

        // Uniform over [½, 1]: thousands of distinct values, roughly half of them below ¾.
        Assert.True(seen.Count > Draws / 2, $"only {seen.Count} distinct delays in {Draws} draws");
        Assert.InRange(below75, Draws * 35 / 100, Draws * 65 / 100);
    }

    [Fact]
    public void Jittered_delay_respects_the_cap()
    {
        var schedule = new RetrySchedule(D, TimeSpan.FromMilliseconds(300), RetryBackoff.Exponential, jitter: true);
        for (int i = 0; i < 2000; i++)
        {
            Assert.InRange(schedule.Next(10), TimeSpan.FromMilliseconds(150), TimeSpan.FromMilliseconds(300));
        }
    }

    [Fact]
    public void Jitter_of_a_zero_delay_is_zero()
    {
        var schedule = new RetrySchedule(TimeSpan.Zero, TimeSpan.Zero, RetryBackoff.Exponential, jitter: true);
        Assert.Equal(TimeSpan.Zero, schedule.Next(3));
    }

    [Theory]
    [InlineData(RetryBackoff.Exponential, 62)]
    [InlineData(RetryBackoff.Exponential, 63)]
    [InlineData(RetryBackoff.Exponential, 64)]
    [InlineData(RetryBackoff.Exponential, 1_000_000)]
    [InlineData(RetryBackoff.Exponential, int.MaxValue)]
    [InlineData(RetryBackoff.Linear, 1_000_000_000)]
    [InlineData(RetryBackoff.Constant, int.MaxValue)]
    public void Huge_retry_index_does_not_overflow(RetryBackoff backoff, int n)
    {
        RetrySchedule uncapped = new(TimeSpan.FromSeconds(1), TimeSpan.Zero, backoff, jitter: true);
        RetrySchedule capped = new(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5), backoff, jitter: false);

        TimeSpan nominal = uncapped.Nominal(n);
        Assert.True(nominal >= TimeSpan.FromSeconds(1), $"Nominal({n}) = {nominal}");
        TimeSpan next = uncapped.Next(n);
        Assert.True(next > TimeSpan.Zero && next <= nominal, $"Next({n}) = {next}, nominal {nominal}");

        TimeSpan cappedNominal = capped.Nominal(n);
        Assert.True(cappedNominal > TimeSpan.Zero && cappedNominal <= TimeSpan.FromMinutes(5), $"capped Nominal({n}) = {cappedNominal}");
    }

    [Fact]
    public void Huge_retry_index_does_not_overflow_for_linear_backoff()
    {
        RetrySchedule uncapped = new(TimeSpan.FromSeconds(1), TimeSpan.Zero, RetryBackoff.Linear, jitter: false);
        RetrySchedule capped = new(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5), RetryBackoff.Linear, jitter: false);

        Assert.Equal(TimeSpan.FromSeconds(2147483648d), uncapped.Nominal(int.MaxValue));
        Assert.Equal(TimeSpan.FromMinutes(5), capped.Nominal(int.MaxValue));
    }

    [Fact]
    public void Huge_delay_is_capped_rather_than_overflowing()
    {
        var schedule = new RetrySchedule(TimeSpan.FromDays(10_000), TimeSpan.Zero, RetryBackoff.Exponential, jitter: false);
        Assert.Equal(TimeSpan.MaxValue, schedule.Nominal(40));
    }
}
