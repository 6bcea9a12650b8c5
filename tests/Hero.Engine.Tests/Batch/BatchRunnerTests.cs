using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Hero.Batch;
using Hero.Heartbeats;
using Hero.Logging;
using Hero.Output;
using Hero.Resilience;
using Hero.Tasks;

namespace Hero.Tests.Batch;

/// <summary>The batch's scheduling with a fake TaskExecutor (the seam the cmdlet layer plugs the
/// engine and script hosts into): what starts when, what is skipped or cancelled, and in which
/// order results are reported. No process runs here; TaskRunnerTests cover those.</summary>
public sealed class BatchRunnerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static HeroTaskDefinition Define(string name, params string[] dependsOn) =>
        new() { Name = name, FilePath = "/usr/bin/true", DependsOn = dependsOn };

    private static HeroTaskResult Result(HeroTaskStatus status, int exitCode = 0) => new() { Status = status, ExitCode = exitCode, Attempts = 1 };

    private static async Task<IReadOnlyList<HeroTaskResult>> RunAsync(
        IReadOnlyList<HeroTaskDefinition> tasks, TaskExecutor executor, RecordingBatchObserver? observer = null,
        int throttle = 4, bool failFast = false, CancellationToken cancel = default)
    {
        Task<IReadOnlyList<HeroTaskResult>> run = BatchRunner.RunAsync(
            BatchPlan.Create(tasks), new BatchOptions { ThrottleLimit = throttle, FailFast = failFast }, executor, observer ?? new RecordingBatchObserver(), cancel);
        Assert.True(await Task.WhenAny(run, Task.Delay(Patience)) == run, "the batch did not finish");
        return await run;
    }

    /// <summary>Waits for the token, then reports the task as the engine would: Cancelled, 130.</summary>
    private static async Task<HeroTaskResult> UntilCancelledAsync(CancellationToken cancel)
    {
        try
        {
            await Task.Delay(Patience, cancel);
        }
        catch (OperationCanceledException)
        {
            return Result(HeroTaskStatus.Cancelled, ExitCodes.Cancelled);
        }

        return Result(HeroTaskStatus.Succeeded);
    }

    private static HeroTaskResult Named(IEnumerable<HeroTaskResult> results, string name) => Assert.Single(results, r => r.Name == name);

    [Fact]
    public async Task Never_more_than_the_throttle_limit_run_at_once()
    {
        int running = 0;
        int peak = 0;
        TaskExecutor executor = async (task, observer, cancel) =>
        {
            int now = Interlocked.Increment(ref running);
            InterlockedMax(ref peak, now);
            await Task.Delay(200, cancel);
            Interlocked.Decrement(ref running);
            return Result(HeroTaskStatus.Succeeded);
        };

        IReadOnlyList<HeroTaskResult> results = await RunAsync(Enumerable.Range(1, 12).Select(i => Define($"t{i}")).ToList(), executor, throttle: 3);

        Assert.Equal(12, results.Count);
        Assert.All(results, r => Assert.Equal(HeroTaskStatus.Succeeded, r.Status));
        Assert.Equal(3, peak);
    }

    [Fact]
    public async Task A_throttle_limit_below_one_runs_one_at_a_time()
    {
        int running = 0;
        int peak = 0;
        TaskExecutor executor = async (task, observer, cancel) =>
        {
            InterlockedMax(ref peak, Interlocked.Increment(ref running));
            await Task.Delay(20, cancel);
            Interlocked.Decrement(ref running);
            return Result(HeroTaskStatus.Succeeded);
        };

        await RunAsync([Define("a"), Define("b"), Define("c")], executor, throttle: 0);

        Assert.Equal(1, peak);
    }

    [Fact]
    public async Task A_task_starts_only_after_everything_it_depends_on_succeeded()
    {
        var events = new ConcurrentQueue<string>();
        TaskExecutor executor = async (task, observer, cancel) =>
        {
            events.Enqueue("start " + task.Name);
            await Task.Delay(30, cancel);
            events.Enqueue("end " + task.Name);
            return Result(HeroTaskStatus.Succeeded);
        };

        IReadOnlyList<HeroTaskResult> results = await RunAsync([Define("c", "a", "b"), Define("b", "a"), Define("a")], executor, throttle: 8);

        Assert.Equal(["start a", "end a", "start b", "end b", "start c", "end c"], events);
        Assert.Equal(["a", "b", "c"], results.Select(r => r.Name));
    }

    [Fact]
    public async Task A_failure_skips_its_dependents_and_theirs_but_not_the_rest()
    {
        var started = new ConcurrentQueue<string>();
        TaskExecutor executor = (task, observer, cancel) =>
        {
            started.Enqueue(task.Name!);
            return Task.FromResult(task.Name == "b" ? Result(HeroTaskStatus.Failed, 4) : Result(HeroTaskStatus.Succeeded));
        };

        IReadOnlyList<HeroTaskResult> results = await RunAsync([Define("a"), Define("b", "a"), Define("c", "b"), Define("d", "c"), Define("e", "a")], executor);

        Assert.Equal(["a", "b", "e"], started.Order());
        Assert.Equal(HeroTaskStatus.Failed, Named(results, "b").Status);
        HeroTaskResult c = Named(results, "c");
        Assert.Equal(HeroTaskStatus.Skipped, c.Status);
        Assert.Equal(ExitCodes.NotRun, c.ExitCode);
        Assert.Equal(0, c.Attempts);
        Assert.Contains("'b'", c.Message, StringComparison.Ordinal);
        Assert.Contains("Failed", c.Message, StringComparison.Ordinal);
        Assert.Contains("'c'", Named(results, "d").Message, StringComparison.Ordinal);
        Assert.Equal(HeroTaskStatus.Succeeded, Named(results, "e").Status);
        Assert.Equal(5, results.Count);
    }

    [Fact]
    public async Task Fail_fast_cancels_the_running_tasks_and_skips_those_not_started()
    {
        var cancelled = new ConcurrentQueue<string>();
        TaskExecutor executor = async (task, observer, cancel) =>
        {
            if (task.Name == "breaks")
            {
                await Task.Delay(100, CancellationToken.None);
                return Result(HeroTaskStatus.Failed, 3);
            }

            HeroTaskResult result = await UntilCancelledAsync(cancel);
            if (result.Status == HeroTaskStatus.Cancelled) cancelled.Enqueue(task.Name!);
            return result;
        };
        List<HeroTaskDefinition> tasks = [Define("breaks"), Define("long-1"), Define("long-2"), Define("later-1"), Define("later-2")];

        IReadOnlyList<HeroTaskResult> results = await RunAsync(tasks, executor, throttle: 3, failFast: true);

        Assert.Equal(HeroTaskStatus.Failed, Named(results, "breaks").Status);
        Assert.Equal(["long-1", "long-2"], cancelled.Order());
        Assert.Equal(HeroTaskStatus.Cancelled, Named(results, "long-1").Status);
        Assert.Equal("Cancelled by -FailFast after 'breaks' failed.", Named(results, "long-1").Message);
        foreach (string later in new[] { "later-1", "later-2" })
        {
            HeroTaskResult skipped = Named(results, later);
            Assert.Equal(HeroTaskStatus.Skipped, skipped.Status);
            Assert.Contains("fail-fast after 'breaks' failed", skipped.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Each_task_is_reported_when_it_starts_before_it_is_reported_finished()
    {
        var observer = new RecordingBatchObserver();
        var startedFirst = new ConcurrentQueue<bool>();
        TaskExecutor executor = (task, taskObserver, _) =>
        {
            startedFirst.Enqueue(observer.Started.Contains(task.Name!) && !observer.Finished.Any(r => r.Name == task.Name));
            return Task.FromResult(Result(HeroTaskStatus.Succeeded));
        };

        await RunAsync([Define("a"), Define("b", "a"), Define("c")], executor, observer);

        Assert.Equal(["a", "b", "c"], observer.Started.Order());
        Assert.All(startedFirst, Assert.True);
    }

    [Fact]
    public async Task Without_fail_fast_a_failure_stops_nothing_else()
    {
        TaskExecutor executor = (task, observer, cancel) =>
            Task.FromResult(task.Name == "breaks" ? Result(HeroTaskStatus.Failed, 3) : Result(HeroTaskStatus.Succeeded));

        IReadOnlyList<HeroTaskResult> results = await RunAsync([Define("breaks"), Define("x"), Define("y")], executor, throttle: 1);

        Assert.Equal([HeroTaskStatus.Failed, HeroTaskStatus.Succeeded, HeroTaskStatus.Succeeded], results.Select(r => r.Status));
    }

    [Fact]
    public async Task Cancellation_stops_the_running_tasks_and_reports_the_rest_Cancelled()
    {
        using var stop = new CancellationTokenSource();
        int started = 0;
        TaskExecutor executor = (task, observer, cancel) =>
        {
            if (Interlocked.Increment(ref started) == 2) stop.Cancel();
            return UntilCancelledAsync(cancel);
        };
        List<HeroTaskDefinition> tasks = [Define("a"), Define("b"), Define("c"), Define("d", "a")];

        IReadOnlyList<HeroTaskResult> results = await RunAsync(tasks, executor, throttle: 2, cancel: stop.Token);

        Assert.Equal(2, started);
        Assert.Equal(4, results.Count);
        Assert.All(results, r => Assert.Equal(HeroTaskStatus.Cancelled, r.Status));
        Assert.All(results, r => Assert.Equal(ExitCodes.Cancelled, r.ExitCode));
        Assert.Equal("Cancelled before it started.", Named(results, "c").Message);
        Assert.Equal("Cancelled before it started.", Named(results, "d").Message);
    }

    [Fact]
    public async Task Results_are_reported_as_tasks_finish_not_in_input_order()
    {
        var releaseSlow = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var observer = new RecordingBatchObserver();
        TaskExecutor executor = async (task, o, cancel) =>
        {
            if (task.Name == "slow") await releaseSlow.Task;
            return Result(HeroTaskStatus.Succeeded);
        };

        Task<IReadOnlyList<HeroTaskResult>> run = RunAsync([Define("slow"), Define("fast")], executor, observer, throttle: 2);

        // "fast" is reported while "slow" is still running: nothing waits for the batch to end.
        Assert.True(SpinWait.SpinUntil(() => observer.Finished.Count == 1, Patience));
        Assert.Equal(["fast"], observer.Finished.Select(r => r.Name));
        releaseSlow.SetResult(true);
        IReadOnlyList<HeroTaskResult> results = await run;

        Assert.Equal(["fast", "slow"], observer.Finished.Select(r => r.Name));
        Assert.Equal(["fast", "slow"], results.Select(r => r.Name));
    }

    [Fact]
    public async Task An_executor_that_throws_fails_that_task_only_and_keeps_the_name()
    {
        TaskExecutor executor = (task, observer, cancel) => task.Name == "broken"
            ? throw new InvalidOperationException("no host for this task")
            : Task.FromResult(new HeroTaskResult { Name = "whatever the executor says", Status = HeroTaskStatus.Succeeded });

        IReadOnlyList<HeroTaskResult> results = await RunAsync([Define("broken"), Define("fine")], executor);

        HeroTaskResult broken = Named(results, "broken");
        Assert.Equal(HeroTaskStatus.Failed, broken.Status);
        Assert.Equal(1, broken.ExitCode);
        Assert.Equal("The task could not run: no host for this task", broken.Message);
        Assert.Equal(HeroTaskStatus.Succeeded, Named(results, "fine").Status);
    }

    [Fact]
    public async Task Each_task_gets_its_own_token_and_the_batch_observer()
    {
        var observer = new RecordingBatchObserver();
        var seen = new ConcurrentBag<(ITaskObserver Observer, CancellationToken Token)>();
        TaskExecutor executor = (task, o, cancel) =>
        {
            seen.Add((o, cancel));
            return Task.FromResult(Result(HeroTaskStatus.Succeeded));
        };

        await RunAsync([Define("a"), Define("b")], executor, observer);

        Assert.Equal(2, seen.Count);
        Assert.All(seen, s => Assert.Same(observer, s.Observer));
        Assert.NotEqual(seen.First().Token, seen.Last().Token);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private sealed class RecordingBatchObserver : IBatchObserver
    {
        private readonly ConcurrentQueue<HeroTaskResult> _finished = new();
        private readonly ConcurrentQueue<string> _started = new();

        public IReadOnlyList<HeroTaskResult> Finished => _finished.ToArray();

        public IReadOnlyList<string> Started => _started.ToArray();

        public void OnTaskStarted(string taskName) => _started.Enqueue(taskName);

        public void OnTaskFinished(HeroTaskResult result) => _finished.Enqueue(result);

        public void OnOutputLine(string taskName, OutputStreamKind stream, string line) { }

        public void OnLog(HeroLogRecord record) { }

        public bool Wants(HeroLogLevel level) => false;

        public void OnHeartbeat(TaskHeartbeat heartbeat) { }

        public void OnRetryWait(RetryWait wait) { }
    }
}
