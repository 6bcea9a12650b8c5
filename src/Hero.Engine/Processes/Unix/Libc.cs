using System;
using System.Runtime.InteropServices;

namespace Hero.Processes.Unix;

/// <summary>The libc calls Hero's own spawn needs. System.Diagnostics.Process cannot put a child in a
/// new process group before .NET 11, so Hero spawns with posix_spawn and reaps its own children.
/// Struct sizes differ between glibc, musl and macOS, so opaque structs get generous buffers.</summary>
internal static unsafe class Libc
{
    private const string Lib = "libc";

    public const int POSIX_SPAWN_SETPGROUP = 0x02;
    public const int POSIX_SPAWN_SETSIGDEF = 0x04;
    public const int POSIX_SPAWN_SETSIGMASK = 0x08;
    public const int POSIX_SPAWN_SETSID_LINUX = 0x80;

    public const int O_RDONLY = 0;
    public const int F_SETFD = 2;
    public const int FD_CLOEXEC = 1;
    public const int O_CLOEXEC_LINUX = 0x80000;

    public const short POLLIN = 0x001;

    public const int EINTR = 4;
    public const int ENOENT = 2;
    public const int EACCES = 13;
    public const int ENOEXEC = 8;
    public const int EPERM = 1;

    public const int SIGKILL = 9;
    public const int SIGPIPE = 13;
    public const int SIGTERM = 15;
    public static readonly int SIGCONT = ChildProcess.IsLinux ? 18 : 19;

    /// <summary>Opaque posix_spawn structures: 336 and 80 bytes on glibc x64, a pointer on macOS.</summary>
    public const int OpaqueStructBytes = 1024;
    public const int SigsetBytes = 256;

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct TimeVal
    {
        public long Seconds;
        public long Microseconds;
    }

    /// <summary>struct rusage on 64-bit Linux and macOS: two timevals then fourteen longs.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct RUsage
    {
        public TimeVal UserTime;
        public TimeVal SystemTime;
        public long MaxRss;
        public fixed long Rest[13];
    }

    [DllImport(Lib, SetLastError = true)]
    public static extern int posix_spawn(out int pid, byte* path, IntPtr fileActions, IntPtr attr, IntPtr* argv, IntPtr* envp);

    [DllImport(Lib, SetLastError = true)]
    public static extern int posix_spawn_file_actions_init(IntPtr fileActions);

    [DllImport(Lib, SetLastError = true)]
    public static extern int posix_spawn_file_actions_destroy(IntPtr fileActions);

    [DllImport(Lib, SetLastError = true)]
    public static extern int posix_spawn_file_actions_adddup2(IntPtr fileActions, int fd, int newFd);

    [DllImport(Lib, SetLastError = true)]
    public static extern int posix_spawn_file_actions_addopen(IntPtr fileActions, int fd, byte* path, int flags, int mode);

    [DllImport(Lib, SetLastError = true)]
    public static extern int posix_spawn_file_actions_addchdir_np(IntPtr fileActions, byte* path);

    [DllImport(Lib, SetLastError = true)]
    public static extern int posix_spawnattr_init(IntPtr attr);

    [DllImport(Lib, SetLastError = true)]
    public static extern int posix_spawnattr_destroy(IntPtr attr);

    [DllImport(Lib, SetLastError = true)]
    public static extern int posix_spawnattr_setflags(IntPtr attr, short flags);

    [DllImport(Lib, SetLastError = true)]
    public static extern int posix_spawnattr_setpgroup(IntPtr attr, int pgroup);

    [DllImport(Lib, SetLastError = true)]
    public static extern int posix_spawnattr_setsigmask(IntPtr attr, byte* sigset);

    [DllImport(Lib, SetLastError = true)]
    public static extern int posix_spawnattr_setsigdefault(IntPtr attr, byte* sigset);

    [DllImport(Lib, SetLastError = true)]
    public static extern int sigemptyset(byte* set);

    [DllImport(Lib, SetLastError = true)]
    public static extern int sigaddset(byte* set, int signal);

    [DllImport(Lib, SetLastError = true)]
    public static extern int pipe(int* fds);

    [DllImport(Lib, SetLastError = true)]
    public static extern int pipe2(int* fds, int flags);

    [DllImport(Lib, SetLastError = true)]
    public static extern int fcntl(int fd, int command, int argument);

    [DllImport(Lib, SetLastError = true)]
    public static extern nint read(int fd, byte* buffer, nint count);

    [DllImport(Lib, SetLastError = true)]
    public static extern nint write(int fd, byte* buffer, nint count);

    [DllImport(Lib, SetLastError = true)]
    public static extern int close(int fd);

    [DllImport(Lib, SetLastError = true)]
    public static extern int poll(PollFd* fds, nuint count, int timeoutMs);

    [DllImport(Lib, SetLastError = true)]
    public static extern int kill(int pid, int signal);

    [DllImport(Lib, SetLastError = true)]
    public static extern int wait4(int pid, out int status, int options, out RUsage usage);

    [DllImport(Lib, SetLastError = true)]
    public static extern int getpid();

    public const int RUSAGE_SELF = 0;

    [DllImport(Lib, SetLastError = true)]
    public static extern int getrusage(int who, out RUsage usage);

    /// <summary>pidfd_open(2), Linux 5.3+: the same number on every architecture .NET runs on.</summary>
    public const int SYS_pidfd_open = 434;
    public const int WNOHANG = 1;

    [DllImport(Lib, SetLastError = true)]
    public static extern int syscall(nint number, int pid, int flags);

    // waitid(2) on Linux: observe an exit without reaping (WNOWAIT).
    public const int P_PID = 1;
    public const int WEXITED = 4;
    public const int WNOWAIT_LINUX = 0x01000000;
    public const int CLD_EXITED = 1;
    public const int SiginfoBytes = 128;

    [DllImport(Lib, SetLastError = true)]
    public static extern int waitid(int idType, int id, byte* info, int options);

    /// <summary>si_code and si_status of a SIGCHLD siginfo_t (Linux layout: the union starts at 16
    /// on 64-bit, at 12 on 32-bit; si_status follows si_pid and si_uid). si_code 0: no exit yet.</summary>
    public static (int Code, int Status) SiginfoChild(byte* info)
    {
        int code = *(int*)(info + 8);
        int status = *(int*)(info + (IntPtr.Size == 8 ? 24 : 20));
        return (code, status);
    }

    [DllImport(Lib, SetLastError = true)]
    public static extern int access(byte* path, int mode);

    [DllImport(Lib, SetLastError = true)]
    public static extern int waitpid(int pid, out int status, int options);

    public const int SIGHUP = 1;
    public const int SIGQUIT = 3;
    public const int EPIPE = 32;
    public const int O_WRONLY = 1;

    /// <summary>sigaction(2) with a null new action reads the current one. Every C library .NET runs
    /// on puts the handler first in struct sigaction; the rest fits in the generous buffer.</summary>
    [DllImport(Lib, SetLastError = true)]
    public static extern int sigaction(int signal, byte* action, byte* oldAction);

    public const int SigactionBytes = 512;

    public const int O_RDWR = 2;
    public static readonly int O_CREAT = ChildProcess.IsLinux ? 0x40 : 0x200;
    public static readonly int O_EXCL = ChildProcess.IsLinux ? 0x80 : 0x800;
    public static readonly int O_CLOEXEC = ChildProcess.IsLinux ? O_CLOEXEC_LINUX : 0x1000000;
    public static readonly int F_DUPFD_CLOEXEC = ChildProcess.IsLinux ? 1030 : 67;

    [DllImport(Lib, SetLastError = true)]
    public static extern int open(byte* path, int flags, int mode);

    [DllImport(Lib, SetLastError = true)]
    public static extern int unlink(byte* path);

    [DllImport(Lib, SetLastError = true)]
    public static extern nint pwrite(int fd, byte* buffer, nint count, long offset);

    [DllImport(Lib, SetLastError = true)]
    public static extern int ftruncate(int fd, long length);

    /// <summary>True when the signal's disposition is SIG_IGN (pwsh started under nohup, say).</summary>
    public static bool IsIgnored(int signal)
    {
        byte* old = stackalloc byte[SigactionBytes];
        return sigaction(signal, null, old) == 0 && *(IntPtr*)old == (IntPtr)1;
    }

    public const int X_OK = 1;

    public static int LastError => Marshal.GetLastWin32Error();

    public static int WExitStatus(int status) => (status >> 8) & 0xff;

    public static bool WIfSignaled(int status) => (status & 0x7f) != 0 && (status & 0x7f) != 0x7f;

    public static int WTermSig(int status) => status & 0x7f;
}
