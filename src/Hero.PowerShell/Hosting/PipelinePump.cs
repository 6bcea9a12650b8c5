using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Threading.Tasks;

namespace Hero.PowerShell.Hosting;

/// <summary>Background work never touches the pipeline: it posts actions here and the pipeline
/// thread runs them in order. The queue is bounded, so a flood of output slows the child (through
/// its pipe) instead of growing memory. After Ctrl+C posted work is dropped, and questions put to
/// the pipeline thread are cancelled rather than left waiting.</summary>
internal sealed class PipelinePump : IDisposable
{
    private const int Capacity = 2048;
    private readonly BlockingCollection<Item> _queue = new(Capacity);
    private readonly Action? _onFailure;
    private volatile bool _stopped;

    private readonly int _pipelineThread = Environment.CurrentManagedThreadId;

    /// <param name="onFailure">Called when the pipeline stops taking work (an action threw, or
    /// downstream is done): it cancels the work, which then winds down.</param>
    public PipelinePump(Action? onFailure = null)
    {
        _onFailure = onFailure;
    }

    /// <summary>An exception a posted action threw (-ErrorAction Stop turning an error terminating):
    /// rethrown on the pipeline thread once the work has wound down.</summary>
    public Exception? Failure { get; private set; }

    private readonly record struct Item(Action Run, Action? Dropped);

    /// <summary>True once the pipeline was stopped (Ctrl+C).</summary>
    public bool Stopped => _stopped;

    public void Post(Action action) => TryPost(new Item(action, null));

    private bool TryPost(Item item)
    {
        if (_stopped) return false;
        if (Environment.CurrentManagedThreadId == _pipelineThread)
        {
            // Posted from the pipeline thread itself (work started inline): nothing to wait for.
            Run(item);
            return true;
        }

        try
        {
            // Bounded waits so a producer can never hang if the pipeline thread has gone away.
            while (!_queue.TryAdd(item, 100))
            {
                if (_stopped || _queue.IsAddingCompleted) return false;
            }

            return true;
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>Runs <paramref name="function"/> on the pipeline thread and hands back its result:
    /// how background work asks PowerShell code a question (-RetryIf).</summary>
    public Task<T> InvokeAsync<T>(Func<T> function)
    {
        var answer = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        bool posted = TryPost(new Item(
            () =>
            {
                try
                {
                    answer.TrySetResult(function());
                }
                catch (PipelineStoppedException)
                {
                    answer.TrySetCanceled();
                    throw;
                }
                catch (Exception e)
                {
                    answer.TrySetException(e);
                }
            },
            () => answer.TrySetCanceled()));
        if (!posted)
        {
            answer.TrySetCanceled();
        }

        return answer.Task;
    }

    public void Complete()
    {
        try
        {
            _queue.CompleteAdding();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>Runs posted actions on the calling (pipeline) thread until <see cref="Complete"/>.</summary>
    public void Drain()
    {
        foreach (Item item in _queue.GetConsumingEnumerable())
        {
            if (_stopped)
            {
                item.Dropped?.Invoke();
                continue;
            }

            Run(item);
        }
    }

    private void Run(Item item)
    {
        try
        {
            item.Run();
        }
        catch (Exception e) when (Failure is null)
        {
            // -ErrorAction Stop, or a stopped pipeline (Ctrl+C, Select-Object -First): no more
            // output can be written, so stop the work too, and rethrow this once it has wound down.
            Failure = e;
            _stopped = true;
            item.Dropped?.Invoke();
            _onFailure?.Invoke();
        }
        catch (Exception)
        {
            item.Dropped?.Invoke();
        }
    }

    public void MarkStopped() => _stopped = true;

    public void Dispose() => _queue.Dispose();
}
