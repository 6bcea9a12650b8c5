using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Hero.Output;

namespace Hero.Processes.Unix;

/// <summary>A child started with posix_spawn in a new process group. One thread multiplexes both
/// pipes with poll (no per-line work, no polling loop), one thread blocks in wait4 to reap it and
/// collect its rusage. .NET's SIGCHLD handling only reaps the pids it started itself, so this does
/// not fight the runtime (unless pwsh runs as PID 1, where .NET reaps everything: then the exit code
/// is unknown).</summary>
internal sealed unsafe class UnixChildProcess : IChildProcess
{
    private const int ReadBufferBytes = 64 * 1024;

    // Continuations run inline only when the exit is published by a thread that has nothing left
    // to do (the end of the read loop, the reap thread): the attempt goes on one thread hop sooner.
    // Everywhere else the exit is published through the thread pool.
    private readonly TaskCompletionSource<ChildExit> _exited = new();
    private readonly TaskCompletionSource<bool> _outputClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly IOutputSink _sink;
    private readonly ProcessTable _table;
    private readonly object _wakeGate = new();
    private readonly int _stdoutFd;
    private readonly int _stderrFd;
    private readonly int _pidFd;
    private int _wakeReadFd;
    private int _wakeWriteFd;
    private bool _disposed;
    private readonly UnixExitWatcher _exit;

    private UnixChildProcess(int pid, string marker, int stdoutFd, int stderrFd, int wakeRead, int wakeWrite, int pidFd, IOutputSink sink)
    {
        Id = pid;
        _exit = new UnixExitWatcher(pid, UnixExitWatcher.OwnHighWaterBytes(), () => KillGroupRegistry.Process.Retire(this));
        _sink = sink;
        _stdoutFd = stdoutFd;
        _stderrFd = stderrFd;
        _wakeReadFd = wakeRead;
        _wakeWriteFd = wakeWrite;
        _pidFd = pidFd;
        _table = new ProcessTable(pid, marker);
        Marker = marker;
    }

    public int Id { get; }

    /// <summary>The value of HERO_KILL_GROUP every process of this tree inherits.</summary>
    public string Marker { get; }

    public Task<ChildExit> Exited => _exited.Task;

    public Task OutputClosed => _outputClosed.Task;

    public static UnixChildProcess Start(ChildStartInfo start, IOutputSink sink)
    {
        string marker = Guid.NewGuid().ToString("N").Substring(0, 16);
        var environment = new Dictionary<string, string>(start.Environment.Count + 1, StringComparer.Ordinal);
        foreach (KeyValuePair<string, string> variable in start.Environment)
        {
            environment[variable.Key] = variable.Value;
        }

        environment[ProcessTable.MarkerVariable] = marker;

        int* stdout = stackalloc int[2];
        int* stderr = stackalloc int[2];
        int* stdin = stackalloc int[2];
        int* wake = stackalloc int[2];
        stdin[0] = stdin[1] = -1;
        var opened = new List<int>();
        try
        {
            PosixSpawn.CreatePipe(stdout, opened);
            PosixSpawn.CreatePipe(stderr, opened);
            PosixSpawn.CreatePipe(wake, opened);
            if (start.StandardInput is not null)
            {
                PosixSpawn.CreatePipe(stdin, opened);
            }

            int pid = PosixSpawn.Spawn(start, environment, stdin[0], stdout[1], stderr[1]);

            // The child holds its own copies now; ours would keep the pipes from ever reaching EOF.
            CloseAndForget(stdout[1], opened);
            CloseAndForget(stderr[1], opened);
            if (start.StandardInput is not null)
            {
                CloseAndForget(stdin[0], opened);
            }

            // With a pidfd (Linux 5.3+) the reader thread also notices the exit and reaps: one
            // thread per child instead of two.
            var child = new UnixChildProcess(pid, marker, stdout[0], stderr[0], wake[0], wake[1], OpenPidFd(pid), sink);
            opened.Clear();
            if (!start.OutlivesHost)
            {
                KillGroupRegistry.Process.Register(child, marker, start.GracePeriod);
            }

            if (child._pidFd < 0)
            {
                StartThread(child.ReapLoop);
            }

            StartThread(child.ReadLoop);
            if (start.StandardInput is { } input)
            {
                int inputFd = stdin[1];
                StartThread(() => WriteAll(inputFd, input));
            }

            return child;
        }
        finally
        {
            foreach (int fd in opened)
            {
                Libc.close(fd);
            }
        }
    }

    private static void StartThread(Action body) => Hero.Threading.WorkerThreads.Run(body);

    private static void CloseAndForget(int fd, List<int> opened)
    {
        Libc.close(fd);
        opened.Remove(fd);
    }

    private static int OpenPidFd(int pid)
    {
        if (!ChildProcess.IsLinux) return -1;
        try
        {
            int fd = Libc.syscall(Libc.SYS_pidfd_open, pid, 0);
            if (fd >= 0)
            {
                Libc.fcntl(fd, Libc.F_SETFD, Libc.FD_CLOEXEC);
            }

            return fd;
        }
        catch (EntryPointNotFoundException)
        {
            return -1;
        }
    }

    /// <summary>Without a pidfd (macOS, old kernels): a worker thread blocks until the child exits.</summary>
    private void ReapLoop()
    {
        if (ChildProcess.IsLinux ? _exit.ObserveExit(blocking: true) : _exit.Reap(blocking: true))
        {
            PublishExit(inline: true);
        }
    }

    /// <summary>Reaps the child once the sweeps are done and adds what the kernel accounted for it
    /// (its own and its waited-for descendants' CPU and peak memory).</summary>
    public ChildExit Collect() => _exit.Collect();

    private void PublishExit(bool inline = false)
    {
        ChildExit? exit = _exit.Known;
        if (exit is null || _exited.Task.IsCompleted) return;
        if (inline)
        {
            _exited.TrySetResult(exit);
        }
        else
        {
            ThreadPool.UnsafeQueueUserWorkItem(state => ((UnixChildProcess)state!)._exited.TrySetResult(exit), this);
        }
    }

    private void ReadLoop()
    {
        byte[] buffer = new byte[ReadBufferBytes];
        Libc.PollFd* fds = stackalloc Libc.PollFd[4];
        fds[0] = new Libc.PollFd { Fd = _stdoutFd, Events = Libc.POLLIN };
        fds[1] = new Libc.PollFd { Fd = _stderrFd, Events = Libc.POLLIN };
        fds[2] = new Libc.PollFd { Fd = _wakeReadFd, Events = Libc.POLLIN };
        fds[3] = new Libc.PollFd { Fd = _pidFd, Events = Libc.POLLIN };
        int open = 2;
        bool reaped = _pidFd < 0;
        bool abandoning = false;

        // The exit is told once the last output is read (one wake-up for the waiting task instead of
        // two), unless the pipes stay open or busy after it: then at once, or after 10 ms.
        bool exitPending = false;
        long pendingSince = 0;
        long abandonBudget = 4L * ReadBufferBytes;
        try
        {
            fixed (byte* data = buffer)
            {
                while (open > 0 || !reaped)
                {
                    // Once abandoned, take only what is already in the pipes (the child's last
                    // words), never wait for more: a grandchild may hold them open forever.
                    int ready = Libc.poll(fds, 4, abandoning || exitPending ? 0 : -1);
                    if (ready < 0)
                    {
                        if (Libc.LastError == Libc.EINTR) continue;
                        break;
                    }

                    if (exitPending && (ready == 0 || System.Diagnostics.Stopwatch.GetTimestamp() - pendingSince > System.Diagnostics.Stopwatch.Frequency / 100))
                    {
                        PublishExit();
                        exitPending = false;
                    }

                    if (ready == 0 && abandoning)
                    {
                        break;
                    }

                    if (fds[3].Fd >= 0 && fds[3].Revents != 0 && _exit.ObserveExit(blocking: false))
                    {
                        Libc.close(fds[3].Fd);
                        fds[3].Fd = -1;
                        reaped = true;
                        exitPending = true;
                        pendingSince = System.Diagnostics.Stopwatch.GetTimestamp();
                    }

                    if (!abandoning && fds[2].Revents != 0)
                    {
                        abandoning = true;
                        fds[2].Fd = -1;
                        continue;
                    }

                    for (int i = 0; i < 2; i++)
                    {
                        if (fds[i].Fd < 0 || fds[i].Revents == 0)
                        {
                            continue;
                        }

                        nint count = Libc.read(fds[i].Fd, data, buffer.Length);
                        if (count > 0)
                        {
                            _sink.OnData(i == 0 ? OutputStreamKind.StdOut : OutputStreamKind.StdErr, buffer, (int)count);
                            if (abandoning && (abandonBudget -= count) <= 0)
                            {
                                open = 0;
                                break;
                            }
                        }
                        else if (count == 0 || Libc.LastError != Libc.EINTR)
                        {
                            Libc.close(fds[i].Fd);
                            fds[i].Fd = -1;
                            open--;
                        }
                    }

                    if (abandoning && open == 0)
                    {
                        break;
                    }
                }
            }
        }
        finally
        {
            for (int i = 0; i < 2; i++)
            {
                if (fds[i].Fd >= 0) Libc.close(fds[i].Fd);
            }

            lock (_wakeGate)
            {
                Libc.close(_wakeReadFd);
                _wakeReadFd = -1;
            }

            _outputClosed.TrySetResult(true);
            if (!reaped)
            {
                // Output was abandoned before the child exited: reap it on a thread of its own.
                if (fds[3].Fd >= 0) Libc.close(fds[3].Fd);
                StartThread(ReapLoop);
            }
            else
            {
                PublishExit(inline: true);
            }
        }
    }

    private static void WriteAll(int fd, byte[] data)
    {
        try
        {
            fixed (byte* start = data)
            {
                int offset = 0;
                while (offset < data.Length)
                {
                    nint written = Libc.write(fd, start + offset, data.Length - offset);
                    if (written < 0)
                    {
                        if (Libc.LastError == Libc.EINTR) continue;
                        return; // EPIPE: the child closed its stdin; nothing more to give it.
                    }

                    offset += (int)written;
                }
            }
        }
        finally
        {
            Libc.close(fd);
        }
    }

    public void AbandonOutput()
    {
        lock (_wakeGate)
        {
            if (_wakeWriteFd >= 0 && _wakeReadFd >= 0)
            {
                byte one = 1;
                Libc.write(_wakeWriteFd, &one, 1);
            }
        }
    }

    public IReadOnlyCollection<int> SignalTree(bool force)
    {
        List<int> members = _table.LiveMembers();
        int signal = force ? Libc.SIGKILL : Libc.SIGTERM;
        Libc.kill(-Id, signal);
        foreach (int pid in members)
        {
            Libc.kill(pid, signal);
        }

        if (!force)
        {
            Libc.kill(-Id, Libc.SIGCONT);
            foreach (int pid in members)
            {
                Libc.kill(pid, Libc.SIGCONT);
            }
        }

        return members;
    }

    public bool TreeHasLiveMembers() => _table.LiveMembers().Count > 0;

    /// <summary>Cheap check first. On Linux: nothing started since the child means nothing can be
    /// left (the full check is cheap too, thanks to the pid window). Elsewhere: no process left in
    /// the group and both pipes closed, short of a daemon that closed its output and left the group.</summary>
    public bool MayHaveLeftovers() => ChildProcess.IsLinux
        ? !_table.NothingStartedSinceChild()
        : Libc.kill(-Id, 0) == 0 || !OutputClosed.IsCompleted;

    public TreeSample? SampleTree() => TreeSampler.Sample(_table.LiveMembers());

    public IReadOnlyList<ProcessUsage>? SampleMembers() =>
        ChildProcess.IsLinux ? TreeSampler.SampleMembers(_table.LiveMembers()) : TreeSampler.SampleMembersPs(_table.LiveMembers());

    public void Dispose()
    {
        lock (_wakeGate)
        {
            if (_disposed) return;
            _disposed = true;
        }

        AbandonOutput();

        // The usual case is a finished child: clean up here rather than through the thread pool.
        if (OutputClosed.IsCompleted) CloseWakePipe();
        else OutputClosed.ContinueWith(_ => CloseWakePipe(), TaskScheduler.Default);

        // Never leave a zombie: reap now if the exit is known, else as soon as it is.
        if (_exited.Task.IsCompleted) _exit.Collect();
        else _exited.Task.ContinueWith(_ => _exit.Collect(), TaskScheduler.Default);
    }

    private void CloseWakePipe()
    {
        lock (_wakeGate)
        {
            Libc.close(_wakeWriteFd);
            _wakeWriteFd = -1;
        }
    }
}
