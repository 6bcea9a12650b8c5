using System;
using Hero.Guardian;

namespace Hero.Tests.Guardian;

public sealed class RestartBudgetTests
{
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Doubles_from_the_first_delay_up_to_the_maximum()
    {
        var budget = new RestartBudget(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), 100, TimeSpan.FromMinutes(10), jitter: false);
        double[] waits = new double[6];
        for (int i = 0; i < waits.Length; i++) waits[i] = budget.Next(TimeSpan.Zero, T0.AddSeconds(i))!.Value.TotalMilliseconds;
        Assert.Equal(new double[] { 200, 400, 800, 1000, 1000, 1000 }, waits);
    }

    [Fact]
    public void Jitter_draws_from_the_upper_half_of_the_nominal_wait()
    {
        var budget = new RestartBudget(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), TimeSpan.Zero, 1000, TimeSpan.FromHours(1));
        for (int i = 0; i < 6; i++)
        {
            TimeSpan nominal = budget.Nominal(i);
            TimeSpan wait = budget.Next(TimeSpan.Zero, T0.AddSeconds(i))!.Value;
            Assert.InRange(wait, TimeSpan.FromTicks(nominal.Ticks / 2), nominal);
        }
    }

    [Fact]
    public void A_run_of_ResetAfter_starts_the_curve_again()
    {
        var budget = new RestartBudget(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2), 100, TimeSpan.FromMinutes(10), jitter: false);
        Assert.Equal(200, budget.Next(TimeSpan.FromSeconds(0.1), T0)!.Value.TotalMilliseconds);
        Assert.Equal(400, budget.Next(TimeSpan.FromSeconds(0.1), T0.AddSeconds(1))!.Value.TotalMilliseconds);
        Assert.Equal(200, budget.Next(TimeSpan.FromSeconds(2.5), T0.AddSeconds(4))!.Value.TotalMilliseconds);
        Assert.Equal(200, budget.Next(TimeSpan.FromSeconds(3), T0.AddSeconds(8))!.Value.TotalMilliseconds);
    }

    [Fact]
    public void More_than_MaxRestarts_within_the_window_is_the_end_and_old_restarts_leave_it()
    {
        var budget = new RestartBudget(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), TimeSpan.Zero, 3, TimeSpan.FromSeconds(60), jitter: false);
        Assert.NotNull(budget.Next(TimeSpan.Zero, T0));
        Assert.NotNull(budget.Next(TimeSpan.Zero, T0.AddSeconds(10)));
        Assert.NotNull(budget.Next(TimeSpan.Zero, T0.AddSeconds(20)));
        Assert.Null(budget.Next(TimeSpan.Zero, T0.AddSeconds(30)));
        Assert.Equal(2, budget.InWindow(T0.AddSeconds(61)));
        Assert.NotNull(budget.Next(TimeSpan.Zero, T0.AddSeconds(61)));
    }

    [Fact]
    public void Zero_restarts_allowed_ends_at_the_first_exit()
    {
        var budget = new RestartBudget(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(60), 0, TimeSpan.FromMinutes(10));
        Assert.Null(budget.Next(TimeSpan.Zero, T0));
    }
}
