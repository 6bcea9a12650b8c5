using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Hero.Processes;
using Hero.Processes.Unix;
using Hero.Tasks;
using Hero.Threading;

namespace Hero.Guardian;

/// <summary>One run of a kept-alive command: started in its own kill group (registered with the
/// worker's kill-group registry and its host-death sentinel, so it dies with the worker), its output
/// going to the rotating files, stopped with the engine's stop sequence, and after its end whatever it
/// left in its tree ended too, as a task's attempt does.</summary>
internal sealed class GuardedChild : IDisposable
{
    private readonly IChildProcess _child;
    private readonly IDisposable _hostExit;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private Tuple<TreeSample?, long>? _lastSample;

    private GuardedChild(IChildProcess child, GuardianOutputSink sink, Action onHostExit)
    {
        _child = child;
        Sink = sink;
        _hostExit = HostExit.Watch(child, onHostExit);
        StartedAt = DateTime.UtcNow;
        Identity = ProcessIdentity.Of(child.Id) ?? new ProcessIdentity(child.Id, null, null, Environment.MachineName);
    }

    /// <exception cref="ProcessStartException">It could not start.</exception>
    public static GuardedChild Start(ChildStartInfo start, GuardianOutputSink sink, Action onHostExit)
    {
        HostExit.Hook();
        IChildProcess child = ChildProcess.Start(start, sink);
        return new GuardedChild(child, sink, onHostExit);
    }

    public int Pid => _child.Id;

    public ProcessIdentity Identity { get; }

    /// <summary>HERO_KILL_GROUP of the tree (Unix), for the record a later worker ends orphans by.</summary>
    public string? Marker => (_child as UnixChildProcess)?.Marker;

    public DateTime StartedAt { get; }

    public TimeSpan Uptime => _clock.Elapsed;

    public GuardianOutputSink Sink { get; }

    public Task<ChildExit> Exited => _child.Exited;

    /// <summary>The tree's memory now (a scan of the process table: a few milliseconds of CPU).</summary>
    public TreeSample? Sample()
    {
        TreeSample? sample;
        try
        {
            sample = _child.SampleTree();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            sample = null;
        }

        Volatile.Write(ref _lastSample, Tuple.Create(sample, Stopwatch.GetTimestamp()));
        return sample;
    }

    /// <summary>The last sample if it is younger than <paramref name="maxAge"/>, else a new one: the
    /// heartbeat shows the memory without scanning the process table every time (the memory limit's
    /// watch samples every second anyway; an idle worker should cost next to nothing).</summary>
    public TreeSample? RecentSample(TimeSpan maxAge)
    {
        if (Volatile.Read(ref _lastSample) is { } last && Stopwatch.GetTimestamp() - last.Item2 < maxAge.TotalSeconds * Stopwatch.Frequency) return last.Item1;
        return Sample();
    }

    public Task<int> StopAsync(TimeSpan grace) => TreeTerminator.StopAsync(_child, grace);

    /// <summary>After the child's exit or a stop: ends what is left of its tree, reads the last of its
    /// output for a moment, and collects the exit.</summary>
    public async Task<(ChildExit Exit, int Killed)> FinishAsync(TimeSpan grace, bool stopped)
    {
        bool exited = await _child.Exited.CompletesWithin(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        int killed = 0;
        if (!stopped)
        {
            await _child.OutputClosed.CompletesWithin(TimeSpan.FromMilliseconds(50)).ConfigureAwait(false);
            if (_child.MayHaveLeftovers() && _child.TreeHasLiveMembers())
            {
                killed = await TreeTerminator.StopAsync(_child, grace).ConfigureAwait(false);
            }
        }

        TimeSpan drain = stopped ? TimeSpan.FromMilliseconds(200) : AttemptRunner.PostExitDrain;
        if (!await _child.OutputClosed.CompletesWithin(drain).ConfigureAwait(false))
        {
            _child.AbandonOutput();
            await _child.OutputClosed.CompletesWithin(TimeSpan.FromMilliseconds(500)).ConfigureAwait(false);
        }

        return (exited ? _child.Collect() : ChildExit.Unknown, killed);
    }

    public void Dispose()
    {
        _hostExit.Dispose();
        _child.Dispose();
    }
}
