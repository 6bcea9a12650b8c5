using System;
using System.Threading;
using System.Threading.Tasks;
using Hero.Resilience;

namespace Hero.Tests.Resilience;

/// <summary>A call without retries runs its deadlines without Polly; it must end exactly as the same
/// call on Polly's pipeline does. The oracle is Polly with one retry that is never taken.</summary>
public sealed class DeadlinePipelineTests
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan None = Timeout.InfiniteTimeSpan;

    private static RetryPipeline<string> Plain(TimeSpan total, TimeSpan perAttempt) =>
        RetryPipeline<string>.Build(total, perAttempt, new RetryOptions { RetryCount = 0 }, null, null);

    private static RetryPipeline<string> OnPolly(TimeSpan total, TimeSpan perAttempt) =>
        RetryPipeline<string>.Build(total, perAttempt, new RetryOptions { RetryCount = 1 }, (_, _, _) => new ValueTask<bool>(false), null);

    /// <summary>Waits for the token, then throws as code that honours it does.</summary>
    private static async ValueTask<string> Honours(CancellationToken token)
    {
        await Task.Delay(Long, token);
        return "never";
    }

    /// <summary>Waits for the token, then reports it as its own ending, as a task attempt does.</summary>
    private static async ValueTask<string> Reports(CancellationToken token)
    {
        try
        {
            await Task.Delay(Long, token);
        }
        catch (OperationCanceledException)
        {
        }

        return "timed out by itself";
    }

    private static async Task<(string? Value, Exception? Error)> Run(RetryPipeline<string> pipeline, Func<CancellationToken, ValueTask<string>> attempt, CancellationToken cancel = default)
    {
        try
        {
            return (await pipeline.ExecuteAsync(attempt, cancel), null);
        }
        catch (Exception e)
        {
            return (null, e);
        }
    }

    private static void AssertSameEnding((string? Value, Exception? Error) plain, (string? Value, Exception? Error) polly)
    {
        Assert.Equal(polly.Value, plain.Value);
        Assert.Equal(polly.Error?.GetType(), plain.Error?.GetType());
        Assert.Equal((polly.Error as DeadlineExceededException)?.Timeout, (plain.Error as DeadlineExceededException)?.Timeout);
    }

    [Fact]
    public void A_call_without_retries_does_not_use_Polly()
    {
        Assert.IsType<DeadlinePipeline<string>>(Plain(Short, Short));
        Assert.IsType<PollyRetryPipeline<string>>(OnPolly(Short, Short));
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public async Task Returns_what_the_attempt_returns(bool total, bool perAttempt)
    {
        TimeSpan t = total ? Long : None, a = perAttempt ? Long : None;
        var plain = await Run(Plain(t, a), _ => new ValueTask<string>("ok"));
        AssertSameEnding(plain, await Run(OnPolly(t, a), _ => new ValueTask<string>("ok")));
        Assert.Equal("ok", plain.Value);
    }

    [Fact]
    public async Task The_attempt_deadline_that_stops_an_attempt_is_a_DeadlineExceededException_of_that_deadline()
    {
        var plain = await Run(Plain(Long, Short), Honours);
        AssertSameEnding(plain, await Run(OnPolly(Long, Short), Honours));
        Assert.Equal(Short, Assert.IsType<DeadlineExceededException>(plain.Error).Timeout);
    }

    [Fact]
    public async Task The_total_deadline_that_stops_an_attempt_is_a_DeadlineExceededException_of_the_total()
    {
        var plain = await Run(Plain(Short, Long), Honours);
        AssertSameEnding(plain, await Run(OnPolly(Short, Long), Honours));
        Assert.Equal(Short, Assert.IsType<DeadlineExceededException>(plain.Error).Timeout);
    }

    [Fact]
    public async Task An_attempt_that_reports_its_deadline_itself_returns_its_own_ending()
    {
        var plain = await Run(Plain(None, Short), Reports);
        AssertSameEnding(plain, await Run(OnPolly(None, Short), Reports));
        Assert.Equal("timed out by itself", plain.Value);
    }

    [Fact]
    public async Task Cancellation_from_outside_stays_an_OperationCanceledException()
    {
        using var plainStop = new CancellationTokenSource(Short);
        var plain = await Run(Plain(Long, Long), Honours, plainStop.Token);
        using var pollyStop = new CancellationTokenSource(Short);
        AssertSameEnding(plain, await Run(OnPolly(Long, Long), Honours, pollyStop.Token));
        Assert.Equal(plainStop.Token, Assert.IsType<OperationCanceledException>(plain.Error).CancellationToken);
    }

    [Fact]
    public async Task A_call_cancelled_before_it_starts_runs_nothing()
    {
        int plainRuns = 0, pollyRuns = 0;
        var plain = await Run(Plain(Long, None), _ => { plainRuns++; return new ValueTask<string>("ran"); }, new CancellationToken(true));
        AssertSameEnding(plain, await Run(OnPolly(Long, None), _ => { pollyRuns++; return new ValueTask<string>("ran"); }, new CancellationToken(true)));
        Assert.Equal(pollyRuns, plainRuns);
        Assert.Equal(0, plainRuns);
    }

    [Fact]
    public async Task Any_other_failure_of_the_attempt_is_rethrown_as_it_is()
    {
        var failure = new InvalidOperationException("broken");
        var plain = await Run(Plain(Long, Long), _ => throw failure);
        AssertSameEnding(plain, await Run(OnPolly(Long, Long), _ => throw failure));
        Assert.Same(failure, plain.Error);
    }

    [Fact]
    public void On_the_calling_thread_an_attempt_deadline_ends_the_attempt_the_same_way()
    {
        static string Blocks(CancellationToken token)
        {
            token.WaitHandle.WaitOne(Long);
            token.ThrowIfCancellationRequested();
            return "never";
        }

        int thread = Environment.CurrentManagedThreadId;
        int ranOn = -1;
        var plain = Assert.Throws<DeadlineExceededException>(() => Plain(None, Short).Execute(t => { ranOn = Environment.CurrentManagedThreadId; return Blocks(t); }, default));
        var polly = Assert.Throws<DeadlineExceededException>(() => OnPolly(None, Short).Execute(Blocks, default));
        Assert.Equal(polly.Timeout, plain.Timeout);
        Assert.Equal(thread, ranOn);
    }
}
