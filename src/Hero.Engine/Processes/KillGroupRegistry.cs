using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using Hero.Processes.Unix;

namespace Hero.Processes;

/// <summary>Every live kill group of this process, in one place: a child registers right after it
/// starts and retires just before it is reaped (a zombie keeps its process group id reserved, so a
/// number that the registry or the sentinel still holds has never been handed to anyone else).
/// A host exit stops what is registered; on Unix the host-death sentinel learns each group as it
/// comes and goes, so it can stop them when this process dies without a word.</summary>
internal sealed class KillGroupRegistry
{
    /// <summary>The grace period a host exit allows, whatever a task asked for: CI runners and
    /// container engines send SIGKILL a few seconds after SIGTERM (docker stop: 10 s).</summary>
    public static readonly TimeSpan MaxHostExitGrace = TimeSpan.FromSeconds(5);

    /// <summary>A grace period as a host exit allows it: at most <see cref="MaxHostExitGrace"/>.</summary>
    public static TimeSpan BoundToHostExit(TimeSpan grace) => grace < MaxHostExitGrace ? grace : MaxHostExitGrace;

    private const int MaxSentinelStarts = 4;

    private readonly object _gate = new();
    private readonly Dictionary<IChildProcess, KillGroup> _live = new();
    private readonly bool _useSentinel;
    private Sentinel? _sentinel;
    private bool _sentinelUnavailable;
    private int _sentinelStarts;
    private bool _sentinelEnabled = true;
    private string? _exitReason;
    private readonly ManualResetEventSlim _hostExitDone = new(false);

    public KillGroupRegistry(bool useSentinel)
    {
        _useSentinel = useSentinel;
    }

    /// <summary>This process's registry: the one every child started through
    /// <see cref="ChildProcess"/> is in.</summary>
    public static KillGroupRegistry Process { get; } = new(useSentinel: !ChildProcess.IsWindows);

    /// <summary>Off only to measure what the sentinel costs (bench/Invoke-Benchmarks.ps1, figure
    /// 2c): groups registered meanwhile are not protected against the host's sudden death. Switching
    /// it off empties the notes, so no group can be left in them that was retired unnoted.</summary>
    public bool SentinelEnabled
    {
        get => Volatile.Read(ref _sentinelEnabled);
        set
        {
            lock (_gate)
            {
                _sentinelEnabled = value;
                if (!value) _sentinel?.Clear();
            }
        }
    }

    /// <summary>Why the host is exiting ("SIGTERM", "process exit"), or null while it is not.</summary>
    public string? ExitReason => Volatile.Read(ref _exitReason);

    public int LiveCount
    {
        get
        {
            lock (_gate) return _live.Count;
        }
    }

    /// <summary>The sentinel's pid, or 0 when none runs (Windows, or no task yet).</summary>
    public int SentinelId
    {
        get
        {
            lock (_gate) return _sentinel?.Id ?? 0;
        }
    }

    /// <exception cref="ProcessStartException">The host is exiting: nothing new may start.</exception>
    public void ThrowIfExiting()
    {
        if (ExitReason is { } reason)
        {
            throw new ProcessStartException(StartFailureKind.Other, $"Not started: the host is exiting ({reason}).");
        }
    }

    public KillGroup Register(IChildProcess child, string? marker, TimeSpan grace)
    {
        var group = new KillGroup(child, marker, grace);
        bool exiting;
        lock (_gate)
        {
            _live[child] = group;
            exiting = _exitReason is not null;
            if (!exiting && _useSentinel && SentinelEnabled && marker is not null)
            {
                NoteAdded(group);
            }
        }

        if (exiting)
        {
            // Spawned in the very moment the host began to exit: it gets no grace.
            child.SignalTree(force: true);
        }

        return group;
    }

    /// <summary>Forgets the group. Called before the child is reaped; safe to call more than once.</summary>
    public void Retire(IChildProcess child)
    {
        lock (_gate)
        {
            if (!_live.Remove(child)) return;
            if (_sentinel is not null && SentinelEnabled)
            {
                if (_live.Count == 0) _sentinel.Clear();
                else _sentinel.Note(Sentinel.Removed(child.Id));
            }

            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Routes a host exit to the owner of the group (the attempt that runs it), until the
    /// returned handle is disposed. If the host is already exiting the owner hears it at once.</summary>
    public IDisposable Watch(IChildProcess child, Action onHostExit)
    {
        KillGroup? group;
        bool exiting;
        lock (_gate)
        {
            _live.TryGetValue(child, out group);
            group?.Watch(onHostExit);
            exiting = _exitReason is not null;
            Monitor.PulseAll(_gate);
        }

        if (exiting) onHostExit();
        return new Unwatch(group);
    }

    /// <summary>Waits (bounded) until each of <paramref name="groups"/> has an owner or has retired:
    /// a host exit in the instant between a child's spawn and its attempt's watch must still reach
    /// the attempt, not race it with a second stop sequence. Returns the groups still without one.</summary>
    public List<KillGroup> WaitForOwners(IEnumerable<KillGroup> groups, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var waiting = new List<KillGroup>(groups);
        lock (_gate)
        {
            while (true)
            {
                waiting.RemoveAll(group => group.HasOwner || !_live.ContainsKey(group.Child));
                TimeSpan left = timeout - clock.Elapsed;
                if (waiting.Count == 0 || left <= TimeSpan.Zero) return waiting;
                Monitor.Wait(_gate, left);
            }
        }
    }

    /// <summary>Marks the host as exiting and returns the groups live at that moment; null when an
    /// exit has already begun (a second signal, or the process exit that follows the first).</summary>
    public IReadOnlyList<KillGroup>? BeginHostExit(string reason)
    {
        lock (_gate)
        {
            if (_exitReason is not null) return null;
            _exitReason = reason;
            return [.. _live.Values];
        }
    }

    /// <summary>Set once the first host exit has stopped what it could and flushed the log.</summary>
    public void EndHostExit() => _hostExitDone.Set();

    /// <summary>Waits (bounded) for the exit that began first to finish.</summary>
    public bool WaitForHostExit(TimeSpan timeout) => _hostExitDone.Wait(timeout);

    public IReadOnlyList<KillGroup> Snapshot()
    {
        lock (_gate) return [.. _live.Values];
    }

    /// <summary>Waits until every group has retired; false when some are still live after the timeout.</summary>
    public bool WaitUntilEmpty(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        lock (_gate)
        {
            while (_live.Count > 0)
            {
                TimeSpan left = timeout - clock.Elapsed;
                if (left <= TimeSpan.Zero) return false;
                Monitor.Wait(_gate, left);
            }

            return true;
        }
    }

    /// <summary>Under the gate, so the notes follow the order in which groups came and went. A
    /// sentinel that has ended (someone killed it) is replaced by one that is told every live group.</summary>
    private void NoteAdded(KillGroup group)
    {
        if (_sentinel is not null && _sentinel.IsRunning())
        {
            _sentinel.Note(Sentinel.Added(group.Child.Id, group.Marker!, group.HostExitGrace));
            return;
        }

        _sentinel?.Abandon();
        _sentinel = null;
        if (_sentinelUnavailable) return;

        // A sentinel that keeps dying or cannot start (no /bin/sh or awk) is given up on: every
        // task would pay for a spawn.
        _sentinel = ++_sentinelStarts <= MaxSentinelStarts ? Sentinel.TryStart() : null;
        if (_sentinel is null)
        {
            _sentinelUnavailable = true;
            return;
        }

        foreach (KillGroup live in _live.Values)
        {
            if (live.Marker is not null)
            {
                _sentinel.Note(Sentinel.Added(live.Child.Id, live.Marker, live.HostExitGrace));
            }
        }
    }

    private sealed class Unwatch(KillGroup? group) : IDisposable
    {
        public void Dispose() => group?.Watch(null);
    }
}
