using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Threading;

namespace Hero.Commands.Infrastructure;

/// <summary>Background work never touches the pipeline: it posts actions here and the pipeline
/// thread runs them in order. The queue is bounded, so a flood of output slows the child (through
/// its pipe) instead of growing memory.</summary>
internal sealed class PipelinePump : IDisposable
{
    private const int Capacity = 2048;
    private readonly BlockingCollection<Action> _queue = new(Capacity);
    private volatile bool _stopped;

    /// <summary>True once the pipeline was stopped (Ctrl+C): posted work is then dropped.</summary>
    public bool Stopped => _stopped;

    public void Post(Action action)
    {
        if (_stopped) return;
        try
        {
            // Bounded wait so a producer can never hang if the pipeline thread has gone away.
            while (!_queue.TryAdd(action, 100))
            {
                if (_stopped || _queue.IsAddingCompleted) return;
            }
        }
        catch (InvalidOperationException)
        {
            // Completed: the cmdlet is done.
        }
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
        foreach (Action action in _queue.GetConsumingEnumerable())
        {
            if (_stopped) continue;
            try
            {
                action();
            }
            catch (PipelineStoppedException)
            {
                _stopped = true;
            }
        }
    }

    public void MarkStopped() => _stopped = true;

    public void Dispose() => _queue.Dispose();
}
