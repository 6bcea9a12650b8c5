using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using Serilog.Core;
using Serilog.Events;

namespace Hero.Logging;

/// <summary>Keeps log writes off the task's path: events queue (bounded) and are written in batches,
/// either by the flush every cmdlet does before it returns (on the caller's thread, bounded in time)
/// or, for events that wait longer than <see cref="WriteDelay"/>, by a thread-pool work item; nothing
/// stays running when the queue is empty. A short task's events are thus written once, at its end,
/// without waking another thread per event. When a slow sink lets the queue fill, events are dropped
/// and counted rather than blocking the task.</summary>
internal sealed class BufferedSink : ILogEventSink, IDisposable
{
    public const int Capacity = 10_000;

    private readonly ILogEventSink _inner;
    private readonly IDisposable? _innerDisposable;
    private readonly ConcurrentQueue<LogEvent> _queue = new();
    private readonly object _writeGate = new();
    private int _count;
    private int _draining;
    private long _dropped;
    private volatile bool _disposed;

    public static readonly TimeSpan WriteDelay = TimeSpan.FromMilliseconds(100);

    private readonly Timer _drainTimer;

    public BufferedSink(ILogEventSink inner)
    {
        _inner = inner;
        _innerDisposable = inner as IDisposable;
        _drainTimer = new Timer(_ => DrainInBackground(), null, Timeout.Infinite, Timeout.Infinite);
    }

    public long Dropped => Interlocked.Read(ref _dropped);

    public void Emit(LogEvent logEvent)
    {
        if (_disposed || Interlocked.Increment(ref _count) > Capacity)
        {
            if (!_disposed) Interlocked.Decrement(ref _count);
            Interlocked.Increment(ref _dropped);
            return;
        }

        _queue.Enqueue(logEvent);
        if (Interlocked.CompareExchange(ref _draining, 1, 0) == 0)
        {
            try
            {
                _drainTimer.Change(WriteDelay, Timeout.InfiniteTimeSpan);
            }
            catch (ObjectDisposedException)
            {
                // Disposed meanwhile: Dispose has written or counted what was queued.
            }
        }
    }

    private void DrainInBackground()
    {
        while (true)
        {
            lock (_writeGate)
            {
                WriteQueued();
            }

            Volatile.Write(ref _draining, 0);
            // An event may have arrived after the last dequeue but before the flag was cleared.
            if (_queue.IsEmpty || Interlocked.CompareExchange(ref _draining, 1, 0) != 0)
            {
                return;
            }
        }
    }

    private void WriteQueued()
    {
        if (_inner is ILogBatchSink batches)
        {
            WriteBatches(batches);
            return;
        }

        while (_queue.TryDequeue(out LogEvent? logEvent))
        {
            Interlocked.Decrement(ref _count);
            try
            {
                _inner.Emit(logEvent);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Serilog.Debugging.SelfLog.WriteLine("Hero could not write a log event: {0}", e);
            }
        }
    }

    private const int BatchSize = 512;

    private void WriteBatches(ILogBatchSink sink)
    {
        var batch = new List<LogEvent>(BatchSize);
        while (true)
        {
            batch.Clear();
            while (batch.Count < BatchSize && _queue.TryDequeue(out LogEvent? logEvent))
            {
                batch.Add(logEvent);
            }

            if (batch.Count == 0) return;
            try
            {
                sink.Write(batch);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Interlocked.Add(ref _dropped, batch.Count);
                Serilog.Debugging.SelfLog.WriteLine("Hero could not write {0} log event(s): {1}", batch.Count, e);
            }
            finally
            {
                Interlocked.Add(ref _count, -batch.Count);
            }
        }
    }

    /// <summary>Writes everything queued so far; gives up after <paramref name="timeout"/> if a slow
    /// sink holds the writer. Returns whether the queue was drained.</summary>
    public bool Flush(TimeSpan timeout)
    {
        if (!Monitor.TryEnter(_writeGate, timeout))
        {
            return false;
        }

        try
        {
            WriteQueued();
            return true;
        }
        finally
        {
            Monitor.Exit(_writeGate);
        }
    }

    /// <summary>Flushes (bounded), then closes the file. Events that arrive later are counted as
    /// dropped; a sink that hangs is left behind rather than waited for.</summary>
    public void Dispose() => Dispose(TimeSpan.FromSeconds(3));

    /// <summary>The longest a closing flush waits for a writer that is still getting on.</summary>
    internal static readonly TimeSpan MaxClosingWait = TimeSpan.FromSeconds(30);

    /// <param name="budget">How long the writer may go without writing an event before it is given
    /// up on. A writer that is slow but getting on (many processes appending to one file on a busy
    /// machine) is waited for, up to <see cref="MaxClosingWait"/>: at process exit, events it has not
    /// written yet would be lost. The last writing runs on a worker, so a sink that hangs in a write
    /// is left behind instead of holding the caller.</param>
    public void Dispose(TimeSpan budget)
    {
        _disposed = true;
        _drainTimer.Dispose();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var finished = System.Threading.Tasks.Task.Run(() =>
        {
            lock (_writeGate)
            {
                WriteQueued();
                _innerDisposable?.Dispose();
            }

            while (_queue.TryDequeue(out _))
            {
                Interlocked.Increment(ref _dropped);
            }
        });

        int queued = Volatile.Read(ref _count);
        while (!finished.Wait(budget))
        {
            int now = Volatile.Read(ref _count);
            if (now >= queued || clock.Elapsed >= MaxClosingWait)
            {
                return; // Not one event written in a whole budget: a hung sink.
            }

            queued = now;
        }
    }
}
