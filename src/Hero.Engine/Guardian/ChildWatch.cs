using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using Hero.Processes;
using Hero.Text;

namespace Hero.Guardian;

/// <summary>The watchdog and the memory limit of a kept-alive child, checked once a second. Watchdog
/// (systemd's WatchdogSec, by a file rather than sd_notify): the child proves it is alive by touching
/// the file named in HERO_HEARTBEAT_FILE or by writing output; nothing of either for -WatchdogTimeout
/// ends it. Memory (pm2's max_memory_restart, sampled every second rather than every 30): the resident
/// memory of its whole tree over -MaxMemory ends it.</summary>
internal sealed class ChildWatch : IDisposable
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    private readonly GuardedChild _child;
    private readonly string _heartbeatFile;
    private readonly TimeSpan _watchdog;
    private readonly long _maxMemory;
    private readonly Action<string> _fail;
    private readonly Timer _timer;
    private int _fired;

    private ChildWatch(GuardedChild child, string heartbeatFile, TimeSpan watchdog, long maxMemory, Action<string> fail)
    {
        _child = child;
        _heartbeatFile = heartbeatFile;
        _watchdog = watchdog;
        _maxMemory = maxMemory;
        _fail = fail;
        TimeSpan period = watchdog > TimeSpan.Zero && watchdog < Period + Period ? TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond * 100, watchdog.Ticks / 2)) : Period;
        _timer = new Timer(_ => Check(), null, period, period);
    }

    /// <summary>The check period: the watchdog fires within its timeout plus this.</summary>
    public static TimeSpan CheckPeriod => Period;

    public static ChildWatch? Start(GuardedChild child, string heartbeatFile, TimeSpan watchdog, long maxMemory, Action<string> fail) =>
        watchdog > TimeSpan.Zero || maxMemory > 0 ? new ChildWatch(child, heartbeatFile, watchdog, maxMemory, fail) : null;

    private void Check()
    {
        if (Volatile.Read(ref _fired) != 0) return;
        try
        {
            if (_watchdog > TimeSpan.Zero)
            {
                TimeSpan silent = Silence();
                if (silent >= _watchdog)
                {
                    Fire($"the watchdog: no touch of HERO_HEARTBEAT_FILE and no output for {DurationParser.Format(silent)} (-WatchdogTimeout {DurationParser.Format(_watchdog)})");
                    return;
                }
            }

            if (_maxMemory > 0 && _child.Sample() is TreeSample sample && sample.ResidentBytes > _maxMemory)
            {
                Fire($"the memory limit: its tree of {sample.ProcessCount} process(es) used {SizeParser.Format(sample.ResidentBytes)} (-MaxMemory {SizeParser.Format(_maxMemory)})");
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A failed look is not a verdict; the next one decides.
        }
    }

    /// <summary>Since the later of the last output and the last touch of the heartbeat file.</summary>
    private TimeSpan Silence()
    {
        TimeSpan sinceOutput = TimeSpan.FromTicks((long)((Stopwatch.GetTimestamp() - _child.Sink.LastOutput) * ((double)TimeSpan.TicksPerSecond / Stopwatch.Frequency)));
        TimeSpan sinceStart = _child.Uptime;
        TimeSpan sinceTouch = sinceStart;
        try
        {
            DateTime touched = File.GetLastWriteTimeUtc(_heartbeatFile);
            if (touched.Year > 1601 && touched > _child.StartedAt) sinceTouch = DateTime.UtcNow - touched;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        TimeSpan silence = sinceOutput < sinceTouch ? sinceOutput : sinceTouch;
        return silence < sinceStart ? silence : sinceStart;
    }

    private void Fire(string reason)
    {
        if (Interlocked.Exchange(ref _fired, 1) == 0) _fail(reason);
    }

    public void Dispose() => _timer.Dispose();
}
