using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;
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
    private long _parentHighWater;

    private UnixChildProcess(int pid, string marker, int stdoutFd, int stderrFd, int wakeRead, int wakeWrite, int pidFd, IOutputSink sink)
    {
        Id = pid;
        _sink = sink;
        _stdoutFd = stdoutFd;
        _stderrFd = stderrFd;
        _wakeReadFd = wakeRead;
        _wakeWriteFd = wakeWrite;
        _pidFd = pidFd;
        _table = new ProcessTable(pid, marker);
    }

    public int Id { get; }

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
            CreatePipe(stdout, opened);
            CreatePipe(stderr, opened);
            CreatePipe(wake, opened);
            if (start.StandardInput is not null)
            {
                CreatePipe(stdin, opened);
            }

            int pid = Spawn(start, environment, stdin[0], stdout[1], stderr[1]);

            // The child holds its own copies now; ours would keep the pipes from ever reaching EOF.
            CloseAndForget(stdout[1], opened);
            CloseAndForget(stderr[1], opened);
            if (start.StandardInput is not null)
            {
                CloseAndForget(stdin[0], opened);
            }

            // With a pidfd (Linux 5.3+) the reader thread also notices the exit and reaps: one
            // thread per child instead of two.
            var child = new UnixChildProcess(pid, marker, stdout[0], stderr[0], wake[0], wake[1], OpenPidFd(pid), sink)
            {
                _parentHighWater = OwnHighWaterBytes(),
            };
            opened.Clear();
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

    private static void CreatePipe(int* fds, List<int> opened)
    {
        int result;
        if (ChildProcess.IsLinux)
        {
            result = Libc.pipe2(fds, Libc.O_CLOEXEC_LINUX);
        }
        else
        {
            // No pipe2 on macOS: a concurrent fork elsewhere in the process could inherit these
            // for a moment; the bounded post-exit drain covers that case.
            result = Libc.pipe(fds);
            if (result == 0)
            {
                Libc.fcntl(fds[0], Libc.F_SETFD, Libc.FD_CLOEXEC);
                Libc.fcntl(fds[1], Libc.F_SETFD, Libc.FD_CLOEXEC);
            }
        }

        if (result != 0)
        {
            throw new ProcessStartException(StartFailureKind.Other, $"Could not create a pipe (errno {Libc.LastError}).");
        }

        opened.Add(fds[0]);
        opened.Add(fds[1]);
    }

    private static void CloseAndForget(int fd, List<int> opened)
    {
        Libc.close(fd);
        opened.Remove(fd);
    }

    private static int Spawn(ChildStartInfo start, Dictionary<string, string> environment, int stdinFd, int stdoutFd, int stderrFd)
    {
        IntPtr actions = IntPtr.Zero, attributes = IntPtr.Zero, devNull = IntPtr.Zero, program = IntPtr.Zero, directory = IntPtr.Zero;
        NativeStrings? argv = null, envp = null;
        byte* emptySet = stackalloc byte[Libc.SigsetBytes];
        byte* defaultSet = stackalloc byte[Libc.SigsetBytes];
        bool actionsReady = false, attributesReady = false;
        try
        {
            actions = Marshal.AllocHGlobal(Libc.OpaqueStructBytes);
            attributes = Marshal.AllocHGlobal(Libc.OpaqueStructBytes);
            devNull = NativeStrings.Allocate("/dev/null");
            program = NativeStrings.Allocate(start.ProgramPath);
            directory = NativeStrings.Allocate(start.WorkingDirectory);
            argv = new NativeStrings(new[] { start.ProgramPath }.Concat(start.Arguments));
            envp = new NativeStrings(environment.Select(pair => pair.Key + "=" + pair.Value));
            Check(Libc.posix_spawn_file_actions_init(actions), "posix_spawn_file_actions_init");
            actionsReady = true;
            Check(Libc.posix_spawnattr_init(attributes), "posix_spawnattr_init");
            attributesReady = true;

            if (stdinFd >= 0)
            {
                Check(Libc.posix_spawn_file_actions_adddup2(actions, stdinFd, 0), "adddup2 stdin");
            }
            else
            {
                // Never the terminal: a task in its own process group that read it would be stopped.
                Check(Libc.posix_spawn_file_actions_addopen(actions, 0, (byte*)devNull, Libc.O_RDONLY, 0), "addopen /dev/null");
            }

            Check(Libc.posix_spawn_file_actions_adddup2(actions, stdoutFd, 1), "adddup2 stdout");
            Check(Libc.posix_spawn_file_actions_adddup2(actions, stderrFd, 2), "adddup2 stderr");
            try
            {
                Check(Libc.posix_spawn_file_actions_addchdir_np(actions, (byte*)directory), "addchdir");
            }
            catch (EntryPointNotFoundException e)
            {
                throw new ProcessStartException(StartFailureKind.Other, "This C library lacks posix_spawn_file_actions_addchdir_np (glibc 2.29+, macOS 10.15+ have it).", e);
            }

            // pwsh ignores SIGPIPE and may block signals on this thread; a child must start clean.
            Libc.sigemptyset(emptySet);
            Libc.sigemptyset(defaultSet);
            for (int signal = 1; signal < 32; signal++)
            {
                if (signal != Libc.SIGKILL && signal != Libc.SIGSTOP)
                {
                    Libc.sigaddset(defaultSet, signal);
                }
            }

            Check(Libc.posix_spawnattr_setsigmask(attributes, emptySet), "setsigmask");
            Check(Libc.posix_spawnattr_setsigdefault(attributes, defaultSet), "setsigdefault");
            // On Linux the child gets a session of its own (glibc 2.26+): its process group is its
            // pid as before, and it has no controlling terminal, so a program that opens /dev/tty
            // to prompt fails at once instead of being stopped by SIGTTIN until the deadline.
            // Elsewhere, or on an older glibc, a process group of its own.
            Check(Libc.posix_spawnattr_setpgroup(attributes, 0), "setpgroup");
            short common = (short)(Libc.POSIX_SPAWN_SETSIGDEF | Libc.POSIX_SPAWN_SETSIGMASK);
            if (!ChildProcess.IsLinux
                || Libc.posix_spawnattr_setflags(attributes, (short)(common | Libc.POSIX_SPAWN_SETSID_LINUX)) != 0)
            {
                Check(Libc.posix_spawnattr_setflags(attributes, (short)(common | Libc.POSIX_SPAWN_SETPGROUP)), "setflags");
            }

            int error = Libc.posix_spawn(out int pid, (byte*)program, actions, attributes, argv!.Array, envp!.Array);
            if (error != 0)
            {
                throw SpawnError(error, start.ProgramPath);
            }

            return pid;
        }
        finally
        {
            if (actionsReady) Libc.posix_spawn_file_actions_destroy(actions);
            if (attributesReady) Libc.posix_spawnattr_destroy(attributes);
            foreach (IntPtr memory in new[] { actions, attributes, devNull, program, directory })
            {
                if (memory != IntPtr.Zero) Marshal.FreeHGlobal(memory);
            }

            argv?.Dispose();
            envp?.Dispose();
        }
    }

    private static ProcessStartException SpawnError(int error, string program) => error switch
    {
        Libc.ENOENT => new ProcessStartException(StartFailureKind.NotFound, $"'{program}' was not found."),
        Libc.EACCES or Libc.EPERM => new ProcessStartException(StartFailureKind.NotExecutable, $"'{program}' is not executable (permission denied)."),
        Libc.ENOEXEC => new ProcessStartException(StartFailureKind.NotExecutable, $"'{program}' is not in an executable format (a script needs a #! line)."),
        _ => new ProcessStartException(StartFailureKind.Other, $"Could not start '{program}' (errno {error})."),
    };

    private static void Check(int result, string what)
    {
        if (result != 0)
        {
            throw new ProcessStartException(StartFailureKind.Other, $"{what} failed (error {result}).");
        }
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
        if (ChildProcess.IsLinux ? ObserveExit(blocking: true) : Reap(blocking: true))
        {
            PublishExit(inline: true);
        }
    }

    private readonly object _exitGate = new();
    private ChildExit? _observedExit;
    private ChildExit? _collectedExit;

    private void PublishExit(bool inline = false)
    {
        ChildExit? exit;
        lock (_exitGate) exit = _collectedExit ?? _observedExit;
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

    /// <summary>Linux: learns how the child ended without reaping it. The zombie keeps its pid and
    /// process group id reserved, so the sweeps that follow (leftovers, stop sequence) can never
    /// signal a recycled group; <see cref="Collect"/> reaps it afterwards.</summary>
    private unsafe bool ObserveExit(bool blocking)
    {
        byte* info = stackalloc byte[Libc.SiginfoBytes];
        for (int i = 0; i < Libc.SiginfoBytes; i++) info[i] = 0;
        int result;
        do
        {
            result = Libc.waitid(Libc.P_PID, Id, info, Libc.WEXITED | Libc.WNOWAIT_LINUX | (blocking ? 0 : Libc.WNOHANG));
        }
        while (result < 0 && Libc.LastError == Libc.EINTR);

        if (result < 0)
        {
            // ECHILD: someone else reaped it (pwsh as PID 1): the child is gone, its status is lost.
            lock (_exitGate) _observedExit = ChildExit.Unknown;
            _collected = true;
            return true;
        }

        (int code, int status) = Libc.SiginfoChild(info);
        if (code == 0)
        {
            return false; // WNOHANG: not exited yet.
        }

        lock (_exitGate)
        {
            _observedExit = code == Libc.CLD_EXITED
                ? new ChildExit(status, null, null, null)
                : new ChildExit(null, status, null, null);
        }

        return true;
    }

    private bool _collected;

    /// <summary>Reaps the child once the sweeps are done and adds what the kernel accounted for it
    /// (its own and its waited-for descendants' CPU and peak memory).</summary>
    public ChildExit Collect()
    {
        // One collector at a time: a second wait4 would find no child and lose the rusage.
        lock (_collectGate)
        {
            if (!_collected)
            {
                Reap(blocking: false);
            }

            lock (_exitGate)
            {
                return _collectedExit ?? _observedExit ?? ChildExit.Unknown;
            }
        }
    }

    private readonly object _collectGate = new();

    /// <summary>Reaps (wait4) with the rusage. Without blocking it returns false while the child runs.</summary>
    private bool Reap(bool blocking)
    {
        int result;
        int status;
        Libc.RUsage usage;
        do
        {
            result = Libc.wait4(Id, out status, blocking ? 0 : Libc.WNOHANG, out usage);
        }
        while (result < 0 && Libc.LastError == Libc.EINTR);

        if (result == 0)
        {
            return false;
        }

        _collected = true;
        if (result != Id)
        {
            // Someone else reaped it (pwsh as PID 1): the child is gone, its status is lost.
            lock (_exitGate) _collectedExit = _observedExit ?? ChildExit.Unknown;
            return true;
        }

        TimeSpan cpu = ToTimeSpan(usage.UserTime) + ToTimeSpan(usage.SystemTime);
        long? peak = RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? usage.MaxRss : usage.MaxRss * 1024;
        if (ChildProcess.IsLinux && peak <= _parentHighWater)
        {
            // glibc's posix_spawn shares pwsh's memory until exec, and the kernel carries pwsh's
            // high-water mark into the child's ru_maxrss: a value at or below it says nothing.
            peak = null;
        }

        lock (_exitGate)
        {
            _collectedExit = Libc.WIfSignaled(status)
                ? new ChildExit(null, Libc.WTermSig(status), cpu, peak)
                : new ChildExit(Libc.WExitStatus(status), null, cpu, peak);
        }

        return true;
    }

    /// <summary>This process's peak resident size (its VmHWM), in bytes; 0 off Linux.</summary>
    private static long OwnHighWaterBytes()
    {
        if (!ChildProcess.IsLinux) return 0;
        return Libc.getrusage(Libc.RUSAGE_SELF, out Libc.RUsage self) == 0 ? self.MaxRss * 1024 : long.MaxValue;
    }

    private static TimeSpan ToTimeSpan(Libc.TimeVal value) =>
        TimeSpan.FromTicks(value.Seconds * TimeSpan.TicksPerSecond + value.Microseconds * 10);

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

                    if (fds[3].Fd >= 0 && fds[3].Revents != 0 && ObserveExit(blocking: false))
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
        if (_exited.Task.IsCompleted) Collect();
        else _exited.Task.ContinueWith(_ => Collect(), TaskScheduler.Default);
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
