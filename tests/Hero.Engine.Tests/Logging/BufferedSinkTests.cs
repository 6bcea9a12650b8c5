using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading;
using Hero.Logging;
using Serilog.Events;
using Serilog.Parsing;

namespace Hero.Tests.Logging;

/// <summary>The buffer between the tasks and the file: it never blocks a writer, and at the end it
/// waits for a slow sink that is still getting on but not for one that hangs.</summary>
public sealed class BufferedSinkTests
{
    private static LogEvent Event(int n) => new(DateTimeOffset.UtcNow, LogEventLevel.Information, null,
        new MessageTemplateParser().Parse("event " + n), []);

    private sealed class SlowSink(TimeSpan perEvent, ManualResetEventSlim? hang = null) : Serilog.Core.ILogEventSink
    {
        public ConcurrentQueue<LogEvent> Written { get; } = new();

        public void Emit(LogEvent logEvent)
        {
            hang?.Wait();
            Thread.Sleep(perEvent);
            Written.Enqueue(logEvent);
        }
    }

    [Fact]
    public void Closing_waits_for_a_slow_sink_that_is_getting_on_and_loses_nothing()
    {
        // 300 events at 10 ms each take about 3 s: three times the closing budget.
        var sink = new SlowSink(TimeSpan.FromMilliseconds(10));
        var buffer = new BufferedSink(sink);
        for (int i = 0; i < 300; i++) buffer.Emit(Event(i));
        Thread.Sleep(300); // the background writer has started and holds the writer's lock

        buffer.Dispose(TimeSpan.FromSeconds(1));

        Assert.Equal(300, sink.Written.Count);
        Assert.Equal(0, buffer.Dropped);
    }

    [Fact]
    public void Closing_gives_up_on_a_sink_that_hangs_within_about_its_budget()
    {
        using var hang = new ManualResetEventSlim(false);
        var sink = new SlowSink(TimeSpan.Zero, hang);
        var buffer = new BufferedSink(sink);
        for (int i = 0; i < 10; i++) buffer.Emit(Event(i));
        Thread.Sleep(300);

        var clock = Stopwatch.StartNew();
        buffer.Dispose(TimeSpan.FromSeconds(1));
        TimeSpan took = clock.Elapsed;
        hang.Set();

        Assert.True(took < TimeSpan.FromSeconds(4), $"closing took {took}");
        Assert.True(took >= TimeSpan.FromSeconds(0.9), $"closing gave up after only {took}");
    }

    [Fact]
    public void Events_past_the_capacity_are_dropped_and_counted_never_waited_for()
    {
        using var hang = new ManualResetEventSlim(false);
        var buffer = new BufferedSink(new SlowSink(TimeSpan.Zero, hang));
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < BufferedSink.Capacity + 50; i++) buffer.Emit(Event(i));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"emitting took {clock.Elapsed}");
        Assert.InRange(buffer.Dropped, 49, 51);
        hang.Set();
        buffer.Dispose(TimeSpan.FromSeconds(1));
    }
}
