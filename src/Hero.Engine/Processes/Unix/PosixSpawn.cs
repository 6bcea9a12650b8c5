using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;

namespace Hero.Processes.Unix;

/// <summary>The native half of starting a child: close-on-exec pipes, and posix_spawn with the
/// child in a session (Linux) or process group of its own, the caller's ignored signals (but not the
/// runtime's), an empty signal mask and stdin that is never the terminal.</summary>
internal static unsafe class PosixSpawn
{
    public static void CreatePipe(int* fds, List<int> opened)
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

    /// <param name="extraFd">When not negative, given to the child as fd 3 (the sentinel's notes).</param>
    public static int Spawn(ChildStartInfo start, Dictionary<string, string> environment, int stdinFd, int stdoutFd, int stderrFd, int extraFd = -1)
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

            // No pipe for an output (the host-death sentinel): the null device.
            Check(stdoutFd >= 0
                ? Libc.posix_spawn_file_actions_adddup2(actions, stdoutFd, 1)
                : Libc.posix_spawn_file_actions_addopen(actions, 1, (byte*)devNull, Libc.O_WRONLY, 0), "stdout");
            Check(stderrFd >= 0
                ? Libc.posix_spawn_file_actions_adddup2(actions, stderrFd, 2)
                : Libc.posix_spawn_file_actions_addopen(actions, 2, (byte*)devNull, Libc.O_WRONLY, 0), "stderr");
            if (extraFd >= 0)
            {
                Check(Libc.posix_spawn_file_actions_adddup2(actions, extraFd, 3), "adddup2 fd 3");
            }

            try
            {
                Check(Libc.posix_spawn_file_actions_addchdir_np(actions, (byte*)directory), "addchdir");
            }
            catch (EntryPointNotFoundException e)
            {
                throw new ProcessStartException(StartFailureKind.Other, "This C library lacks posix_spawn_file_actions_addchdir_np (glibc 2.29+, macOS 10.15+ have it).", e);
            }

            // The caller's ignored signals stay ignored, as with exec, GNU timeout and pwsh's own &
            // (nohup, `trap '' HUP`, a background job's SIGINT). The one exception is SIGPIPE, which
            // the .NET runtime ignores for itself at startup whatever the caller had: a child must not
            // inherit that, or `yes | head -1` under Hero would print EPIPE errors instead of ending.
            // Signals the runtime handles need nothing here: exec resets caught signals to default.
            // The mask starts empty because the runtime may block signals on this thread.
            Libc.sigemptyset(emptySet);
            Libc.sigemptyset(defaultSet);
            Libc.sigaddset(defaultSet, Libc.SIGPIPE);

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
}
