using System;
using Hero.Guardian;

namespace Hero.Tests.Guardian;

public sealed class DutyScheduleTests
{
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Slots_are_fixed_to_the_start_and_RunNow_adds_slot_zero()
    {
        var later = new DutySchedule(T0, TimeSpan.FromSeconds(10), TimeSpan.Zero, runNow: false);
        Assert.Equal(T0.AddSeconds(10), later.Due);
        var now = new DutySchedule(T0, TimeSpan.FromSeconds(10), TimeSpan.Zero, runNow: true);
        Assert.Equal(T0, now.Due);
        now.Advance(T0.AddSeconds(7));
        Assert.Equal(T0.AddSeconds(10), now.Due);
        now.Advance(T0.AddSeconds(13));
        Assert.Equal(T0.AddSeconds(20), now.Due);
    }

    [Fact]
    public void A_machine_that_slept_goes_on_from_the_latest_slot_instead_of_running_every_missed_one()
    {
        var schedule = new DutySchedule(T0, TimeSpan.FromSeconds(10), TimeSpan.Zero, runNow: false);
        schedule.Advance(T0.AddSeconds(95));
        Assert.Equal(T0.AddSeconds(100), schedule.Due);
    }

    [Fact]
    public void Jitter_moves_each_slot_within_plus_or_minus_the_jitter()
    {
        var schedule = new DutySchedule(T0, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2), runNow: false);
        for (int slot = 1; slot <= 50; slot++)
        {
            Assert.InRange(schedule.Due, T0.AddSeconds(10 * slot - 2), T0.AddSeconds(10 * slot + 2));
            schedule.Advance(T0.AddSeconds(10 * slot));
        }
    }
}
