using System;
using System.Diagnostics;
using System.Threading;

namespace Hero.Heartbeats;

/// <summary>A sign of life for a long PowerShell loop: a timer beats every interval (the PowerShell
/// layer turns beats into engine events and log events) while the loop reports its step. It stops
/// itself after MaxRuntime, and when its runspace closes.</summary>
public sealed class HeroHeartbeat : IDisposable
{
    private static int s_nextId;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly object _gate = new();
    private Timer? _timer;
    private long _lastUpdateTicks;
    private long _lastLineTicks = -1;

    public HeroHeartbeat(string name, TimeSpan interval, TimeSpan maxRuntime, int totalSteps)
    {
        Id = Interlocked.Increment(ref s_nextId);
        Name = name;
        Interval = interval;
        MaxRuntime = maxRuntime;
        TotalSteps = totalSteps;
        StartTime = DateTime.UtcNow;
        _lastUpdateTicks = _clock.Elapsed.Ticks;
    }

    public int Id { get; }

    public string Name { get; }

    public DateTime StartTime { get; }

    public TimeSpan Interval { get; }

    /// <summary>Infinite: no limit.</summary>
    public TimeSpan MaxRuntime { get; }

    /// <summary>0 when unknown.</summary>
    public int TotalSteps { get; }

    public int Step { get; private set; }

    public string? Status { get; private set; }

    public HeartbeatState State { get; private set; } = HeartbeatState.Running;

    public int Beats { get; private set; }

    public DateTime? LastBeat { get; private set; }

    public TimeSpan Elapsed => _clock.Elapsed;

    public TimeSpan SinceLastUpdate => TimeSpan.FromTicks(_clock.Elapsed.Ticks - Interlocked.Read(ref _lastUpdateTicks));

    /// <summary>Raised on a timer thread for every beat, and once more when -MaxRuntime expires.</summary>
    public event Action<HeroHeartbeat, HeartbeatBeat>? Beat;

    public void Start()
    {
        lock (_gate)
        {
            _timer ??= new Timer(_ => OnTick(), null, Interval, Interval);
        }
    }

    public void Update(int? step, string? status)
    {
        lock (_gate)
        {
            if (step is int s) Step = s;
            if (status is not null) Status = status;
            Interlocked.Exchange(ref _lastUpdateTicks, _clock.Elapsed.Ticks);
        }
    }

    /// <summary>Estimated time to the last step from the pace so far; null without steps.</summary>
    public TimeSpan? Remaining
    {
        get
        {
            if (TotalSteps <= 0 || Step <= 0 || Step >= TotalSteps) return null;
            double perStep = _clock.Elapsed.TotalSeconds / Step;
            return TimeSpan.FromSeconds(perStep * (TotalSteps - Step));
        }
    }

    public void Stop(HeartbeatState state)
    {
        lock (_gate)
        {
            if (State == HeartbeatState.Running)
            {
                State = state;
            }

            _timer?.Dispose();
            _timer = null;
            _clock.Stop();
        }
    }

    /// <summary>True when a plain progress line is due (at most one per interval); marks it written.</summary>
    public bool TakeLineSlot()
    {
        lock (_gate)
        {
            long now = _clock.Elapsed.Ticks;
            if (_lastLineTicks >= 0 && now - _lastLineTicks < Interval.Ticks) return false;
            _lastLineTicks = now;
            return true;
        }
    }

    private void OnTick()
    {
        HeartbeatBeat beat;
        lock (_gate)
        {
            if (State != HeartbeatState.Running) return;
            // Infinite is negative, so "greater than zero" also means "has a limit".
            if (MaxRuntime > TimeSpan.Zero && _clock.Elapsed >= MaxRuntime)
            {
                // The lock is re-entrant and State is Running here: Stop sets Expired.
                Stop(HeartbeatState.Expired);
            }
            else
            {
                Beats++;
            }

            LastBeat = DateTime.UtcNow;
            beat = new HeartbeatBeat(Name, Id, Beats, _clock.Elapsed, Step, TotalSteps, Status, SinceLastUpdate, State);
        }

        try
        {
            Beat?.Invoke(this, beat);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A listener's failure must not kill the timer thread.
        }
    }

    public void Dispose() => Stop(HeartbeatState.Cancelled);

    public override string ToString() => $"{Name} ({State}, {Beats} beats)";
}
