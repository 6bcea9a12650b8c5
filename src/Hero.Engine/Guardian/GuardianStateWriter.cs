using System;
using System.IO;
using System.Threading;
using Hero.Processes;

namespace Hero.Guardian;

/// <summary>The worker's side of state.json: every change is written at once, and a heartbeat rewrites
/// the file every interval (with the tree's memory, sampled then) and looks for requests the file watch
/// may have missed. A write that fails (a full disk) is retried with the next one; the guardian goes on.</summary>
internal sealed class GuardianStateWriter : IDisposable
{
    private readonly object _gate = new();
    private readonly GuardianPaths _paths;
    private readonly GuardianStateRecord _record;
    private readonly Timer _timer;
    private Func<long?>? _sampleMemory;
    private Action? _onBeat;
    private bool _closed;

    public GuardianStateWriter(GuardianPaths paths, GuardianStateRecord initial, TimeSpan interval)
    {
        _paths = paths;
        _record = initial;
        _record.HeartbeatIntervalMs = interval.TotalMilliseconds;
        Write();
        _timer = new Timer(_ => Beat(), null, interval, interval);
    }

    /// <summary>Sampled at each heartbeat: the child tree's resident memory, or null when none runs.</summary>
    public void OnHeartbeat(Func<long?> sampleMemory, Action beat)
    {
        _sampleMemory = sampleMemory;
        _onBeat = beat;
    }

    public GuardianStateRecord Snapshot()
    {
        lock (_gate) return _record.Clone();
    }

    public void Update(Action<GuardianStateRecord> change)
    {
        lock (_gate)
        {
            if (_closed) return;
            change(_record);
            WriteLocked();
        }
    }

    /// <summary>The last write: nothing after it changes the file (a late heartbeat would otherwise
    /// bring a stopped guardian back to life in its state).</summary>
    public void Close(Action<GuardianStateRecord> change)
    {
        _timer.Dispose();
        lock (_gate)
        {
            if (_closed) return;
            change(_record);
            WriteLocked();
            _closed = true;
        }
    }

    private void Beat()
    {
        try
        {
            _onBeat?.Invoke();
            long? memory = _sampleMemory?.Invoke();
            lock (_gate)
            {
                if (_closed) return;
                _record.TreeMemoryBytes = memory;
                WriteLocked();
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A heartbeat must never take the worker down.
        }
    }

    private void Write()
    {
        lock (_gate) WriteLocked();
    }

    private void WriteLocked()
    {
        _record.Heartbeat = DateTime.UtcNow;
        try
        {
            _record.Write(_paths.StateFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Fills in the worker's identity.</summary>
    public static GuardianStateRecord Initial(string name, string? token)
    {
        ProcessIdentity self = ProcessIdentity.Current();
        return new GuardianStateRecord
        {
            Name = name,
            State = HeroGuardianState.Starting,
            WorkerPid = self.Pid,
            WorkerStartTicks = self.StartTicks,
            WorkerProcessStart = self.StartTime,
            Host = self.Host,
            WorkerStartedAt = DateTime.UtcNow,
            LaunchedBy = token,
        };
    }

    public void Dispose() => _timer.Dispose();
}
