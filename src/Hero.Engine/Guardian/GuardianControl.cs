using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Hero.Guardian;

/// <summary>How Stop-HeroGuardian and Restart-HeroGuardian reach a worker, from any session and on any
/// platform: a request file (stop.request, restart.request) holding a request id. The worker notices it
/// at once through a file-system watch, or at its next heartbeat if the watch missed it, deletes it,
/// acts, and records the id in its state as handled, which is what the requester waits for.</summary>
internal sealed class GuardianControl : IDisposable
{
    private readonly GuardianPaths _paths;
    private readonly FileSystemWatcher? _watcher;
    private readonly CancellationTokenSource _stopping = new();
    private readonly object _gate = new();
    private TaskCompletionSource<string> _restart = NewSignal();

    public GuardianControl(GuardianPaths paths)
    {
        _paths = paths;
        try
        {
            _watcher = new FileSystemWatcher(paths.Folder, "*.request") { NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite };
            _watcher.Created += (_, _) => Poll();
            _watcher.Changed += (_, _) => Poll();
            _watcher.Renamed += (_, _) => Poll();
            _watcher.EnableRaisingEvents = true;
        }
        catch (Exception e) when (e is IOException or ArgumentException or PlatformNotSupportedException or UnauthorizedAccessException)
        {
            // No watch (inotify limits, say): the heartbeat still looks every few seconds.
            _watcher?.Dispose();
            _watcher = null;
        }
    }

    /// <summary>Cancelled once a stop was requested (a request file, or SIGTERM to the worker).</summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>The id of the stop request, once there was one ("signal" for a signal).</summary>
    public string? StopRequestId { get; private set; }

    /// <summary>Completes with the request id when a restart was requested; see <see cref="TakeRestart"/>.</summary>
    public Task<string> RestartRequested
    {
        get
        {
            lock (_gate) return _restart.Task;
        }
    }

    /// <summary>Consumes a pending restart request: the next one completes a new task.</summary>
    public string? TakeRestart()
    {
        lock (_gate)
        {
            if (!_restart.Task.IsCompleted) return null;
            string id = _restart.Task.Result;
            _restart = NewSignal();
            return id;
        }
    }

    public void RequestStop(string id)
    {
        lock (_gate)
        {
            if (StopRequestId is not null) return;
            StopRequestId = id;
        }

        _stopping.Cancel();
    }

    /// <summary>Looks for request files now (called by the watch and by every heartbeat).</summary>
    public void Poll()
    {
        if (Take(_paths.StopRequest) is { } stop) RequestStop(stop);
        if (Take(_paths.RestartRequest) is { } restart)
        {
            lock (_gate) _restart.TrySetResult(restart);
        }
    }

    private static string? Take(string path)
    {
        try
        {
            if (!File.Exists(path)) return null;
            string id = File.ReadAllText(path).Trim();
            File.Delete(path);
            return id.Length > 0 ? id : "request";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Still being written: the next look takes it.
            return null;
        }
    }

    /// <summary>The requester's side: writes the request (aside, then renamed into place).</summary>
    public static string Send(string path)
    {
        string id = Guid.NewGuid().ToString("N");
        Reporting.AtomicFile.WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(id));
        return id;
    }

    private static TaskCompletionSource<string> NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Dispose()
    {
        _watcher?.Dispose();
        _stopping.Dispose();
    }
}
