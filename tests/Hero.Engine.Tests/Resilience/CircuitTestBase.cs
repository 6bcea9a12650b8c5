using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Hero.Resilience;

namespace Hero.Tests.Resilience;

/// <summary>What the breaker's tests share: a scratch state file, short break durations (the waits
/// leave generous slack) and uniquely named circuits, since the session store is static.</summary>
public abstract class CircuitTestBase : IDisposable
{
    protected static readonly TimeSpan Break = TimeSpan.FromMilliseconds(800);
    protected string Scratch { get; } = Path.Combine(Path.GetTempPath(), "hero-circuit-" + Guid.NewGuid().ToString("N"));

    protected CircuitTestBase() => Directory.CreateDirectory(Scratch);

    public void Dispose()
    {
        Directory.Delete(Scratch, recursive: true);
        GC.SuppressFinalize(this);
    }

    protected string StatePath => Path.Combine(Scratch, "circuits.json");

    public static IEnumerable<object[]> Stores => [["session"], ["file"]];

    /// <summary>The state path of a store: the scratch file, or null for the session.</summary>
    protected string? StoreFor(string store) => store == "file" ? StatePath : null;

    protected CircuitBreaker Breaker(string store, int threshold = 3, TimeSpan? breakDuration = null, string? name = null) =>
        new(name ?? "c-" + Guid.NewGuid().ToString("N"), threshold, breakDuration ?? Break, StoreFor(store));

    protected static void Fail(CircuitBreaker breaker, int times)
    {
        for (int i = 0; i < times; i++) breaker.RecordFailure($"failure {i + 1}");
    }

    /// <summary>Waits until the circuit's break is over (by its own clock), plus a margin.</summary>
    protected static void WaitPast(DateTime? openUntil)
    {
        Assert.NotNull(openUntil);
        TimeSpan left = openUntil!.Value - DateTime.UtcNow;
        if (left > TimeSpan.Zero) Thread.Sleep(left);
        Thread.Sleep(50);
    }

    /// <summary>Runs <paramref name="count"/> threads to the end; rethrows the first failure.</summary>
    protected static void RunThreads(int count, Action<int> body)
    {
        var errors = new ConcurrentQueue<Exception>();
        Thread[] threads = Enumerable.Range(0, count).Select(i => new Thread(() =>
        {
            try
            {
                body(i);
            }
            catch (Exception e)
            {
                errors.Enqueue(e);
            }
        }) { IsBackground = true }).ToArray();
        foreach (Thread thread in threads) thread.Start();
        foreach (Thread thread in threads)
        {
            Assert.True(thread.Join(TimeSpan.FromSeconds(45)), "a worker thread did not finish");
        }

        if (errors.TryDequeue(out Exception? first))
        {
            throw new AggregateException(first);
        }
    }
}
