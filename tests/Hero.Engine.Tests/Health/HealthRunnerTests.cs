using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using System.Diagnostics;
using Hero.Health;

namespace Hero.Tests.Health;

/// <summary>The runner's deadlines for in-process checks: a check that never returns is abandoned at
/// its timeout, not waited for (the original doctor's timers could not fire during synchronous calls).</summary>
public sealed class HealthRunnerTests
{
    private sealed class StuckCheck(string name) : HealthCheck
    {
        public override string Kind => "Stuck";

        public override Task<HealthVerdict> CheckAsync(HealthContext context, CancellationToken cancel)
        {
            // Ignores its token, like a hung network drive.
            Thread.Sleep(TimeSpan.FromSeconds(8));
            return Task.FromResult(HealthVerdict.Healthy(null, null, "late"));
        }

        public StuckCheck Named(TimeSpan timeout)
        {
            Name = name;
            Timeout = timeout;
            return this;
        }
    }

    private sealed class QuickCheck(string name) : HealthCheck
    {
        public override string Kind => "Quick";

        public override Task<HealthVerdict> CheckAsync(HealthContext context, CancellationToken cancel) =>
            Task.FromResult(HealthVerdict.Healthy(1, null, "fine"));

        public QuickCheck Named()
        {
            Name = name;
            return this;
        }
    }

    private static readonly HealthContext Context = new(Path.GetTempPath());

    [Fact]
    public async Task Abandons_a_stuck_in_process_check_at_its_own_timeout()
    {
        var clock = Stopwatch.StartNew();
        IReadOnlyList<HeroHealthResult> results = await HealthRunner.RunAsync(
            [new StuckCheck("stuck").Named(TimeSpan.FromMilliseconds(300)), new QuickCheck("quick").Named()],
            new HealthRunOptions { ThrottleLimit = 2, Timeout = TimeSpan.FromSeconds(30) }, Context, null, CancellationToken.None);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), $"took {clock.Elapsed}");
        Assert.Equal(HeroHealthStatus.TimedOut, results[0].Status);
        Assert.Contains("timeout of 300ms", results[0].Message);
        Assert.Equal(HeroHealthStatus.Healthy, results[1].Status);
    }

    [Fact]
    public async Task Reports_checks_still_waiting_for_a_slot_at_the_global_deadline_as_timed_out()
    {
        var finished = new List<string>();
        IReadOnlyList<HeroHealthResult> results = await HealthRunner.RunAsync(
            [new StuckCheck("a").Named(TimeSpan.FromSeconds(30)), new QuickCheck("b").Named()],
            new HealthRunOptions { ThrottleLimit = 1, Timeout = TimeSpan.FromMilliseconds(300) }, Context, r => { lock (finished) finished.Add(r.Name); }, CancellationToken.None);
        Assert.All(results, r => Assert.Equal(HeroHealthStatus.TimedOut, r.Status));
        Assert.Contains("before the check could start", results[1].Message);
        Assert.Contains("before the check finished", results[0].Message);
        Assert.Equal(2, finished.Count);
    }

    [Fact]
    public async Task Calls_a_cancelled_run_an_error_not_a_timeout()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        IReadOnlyList<HeroHealthResult> results = await HealthRunner.RunAsync(
            [new StuckCheck("a").Named(TimeSpan.FromSeconds(30))], new HealthRunOptions(), Context, null, cancel.Token);
        Assert.Equal(HeroHealthStatus.Error, results[0].Status);
        Assert.Contains("Cancelled", results[0].Message);
    }

    [Fact]
    public void Rates_the_worst_status_of_a_run()
    {
        var summary = new HeroHealthSummary(
            [new HeroHealthResult { Status = HeroHealthStatus.Warning }, new HeroHealthResult { Status = HeroHealthStatus.TimedOut }, new HeroHealthResult { Status = HeroHealthStatus.Healthy }],
            TimeSpan.Zero);
        Assert.Equal(HeroHealthStatus.TimedOut, summary.Status);
        Assert.True(summary.IsProblem);
        Assert.Equal("TimedOut: 3 check(s), 1 healthy, 1 warning, 1 timedout", summary.ToString());
    }
}
