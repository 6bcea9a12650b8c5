using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using Hero.Threading;

namespace Hero.Processes.Unix;

/// <summary>The host-death sentinel: a POSIX sh script (Sentinel.sh) blocked on a pipe whose write end
/// only this process holds. The pipe reaches end of file when this process is gone, however it died
/// (SIGKILL, a crash, the OOM killer); the sentinel then stops every kill group still noted in a file
/// it shares with this process. The kill groups are noted there, not sent down the pipe, so a task
/// costs one <c>pwrite</c> as it starts and one as it ends, and never wakes the sentinel. Both
/// descriptors are close-on-exec here: a child that inherited the pipe's write end would keep it open,
/// and the sentinel would never hear the end.</summary>
internal sealed unsafe class Sentinel
{
    /// <summary>Names the sentinel in its environment, with the host's pid: how the tests (and a
    /// curious operator) tell Hero's own process from the tasks'.</summary>
    public const string HostVariable = "HERO_SENTINEL_HOST";

    private static readonly Lazy<string> Script = new(LoadScript);

    private readonly object _gate = new();
    private int _pipeFd;
    private int _notesFd;
    private long _notesLength;
    private bool _reaped;

    private Sentinel(int pid, int pipeFd, int notesFd)
    {
        Id = pid;
        _pipeFd = pipeFd;
        _notesFd = notesFd;
    }

    public int Id { get; }

    /// <summary>The closing dot marks a whole line: one cut short by the host's death is ignored.</summary>
    public static string Added(int groupId, string marker, TimeSpan grace) =>
        "+" + groupId.ToString(CultureInfo.InvariantCulture) + " "
        + ((int)Math.Ceiling(grace.TotalMilliseconds / 100)).ToString(CultureInfo.InvariantCulture) + " " + marker + " .\n";

    public static string Removed(int groupId) => "-" + groupId.ToString(CultureInfo.InvariantCulture) + " .\n";

    /// <summary>Starts a sentinel, or returns null when none can be started (no /bin/sh or awk, no
    /// writable temporary folder).</summary>
    public static Sentinel? TryStart()
    {
        if (!File.Exists("/usr/bin/awk") && !File.Exists("/bin/awk"))
        {
            return null;
        }

        int* fds = stackalloc int[2];
        var opened = new List<int>();
        try
        {
            int notes = OpenNotes();
            if (notes < 0) return null;
            opened.Add(notes);
            PosixSpawn.CreatePipe(fds, opened);
            var environment = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["PATH"] = "/usr/bin:/bin:/usr/sbin:/sbin",
                ["LC_ALL"] = "C",
                [HostVariable] = Libc.getpid().ToString(CultureInfo.InvariantCulture),
            };

            // No HERO_KILL_GROUP of an outer Hero that runs this pwsh as a task: the outer would
            // count the sentinel, which ends on its own with this process, among the leftovers.
            var start = new ChildStartInfo
            {
                ProgramPath = "/bin/sh",
                Arguments = ["-c", Script.Value, "hero-sentinel"],
                WorkingDirectory = "/",
                Environment = environment,
            };

            // In a session of its own (Linux) or process group: a Ctrl+C or a hang-up aimed at the
            // host's terminal must not end it before the host.
            int pid = PosixSpawn.Spawn(start, environment, fds[0], -1, -1, extraFd: notes);
            Libc.close(fds[0]);
            opened.Clear();
            return new Sentinel(pid, fds[1], notes);
        }
        catch (ProcessStartException)
        {
            return null;
        }
        finally
        {
            foreach (int fd in opened)
            {
                Libc.close(fd);
            }
        }
    }

    /// <summary>A file no one else can open: created close-on-exec and unlinked at once, so nothing
    /// is left on disk however this process ends.</summary>
    private static int OpenNotes()
    {
        string path = Path.Combine(Path.GetTempPath(), "hero-sentinel-" + Guid.NewGuid().ToString("N"));
        IntPtr name = NativeStrings.Allocate(path);
        try
        {
            int fd = Libc.open((byte*)name, Libc.O_RDWR | Libc.O_CREAT | Libc.O_EXCL | Libc.O_CLOEXEC, 0x180); // 0600
            if (fd < 0) return -1;
            Libc.unlink((byte*)name);
            if (fd > 3) return fd;

            // Never fd 3 itself: dup2 onto the same number would keep its close-on-exec flag.
            int moved = Libc.fcntl(fd, Libc.F_DUPFD_CLOEXEC, 10);
            Libc.close(fd);
            return moved;
        }
        finally
        {
            System.Runtime.InteropServices.Marshal.FreeHGlobal(name);
        }
    }

    /// <summary>False once the sentinel has ended (someone killed it); it is reaped then.</summary>
    public bool IsRunning()
    {
        lock (_gate)
        {
            if (_reaped || _pipeFd < 0) return false;
            if (Libc.waitpid(Id, out _, Libc.WNOHANG) == 0) return true;
            _reaped = true; // Reaped now, or by someone else (pwsh as PID 1).
            return false;
        }
    }

    /// <summary>Appends one line to the notes. A short line in the page cache: it is there for the
    /// sentinel the moment the call returns, whatever happens to this process next.</summary>
    public void Note(string line)
    {
        byte[] bytes = Encoding.ASCII.GetBytes(line);
        lock (_gate)
        {
            if (_notesFd < 0) return;
            fixed (byte* data = bytes)
            {
                int offset = 0;
                while (offset < bytes.Length)
                {
                    nint written = Libc.pwrite(_notesFd, data + offset, bytes.Length - offset, _notesLength + offset);
                    if (written < 0)
                    {
                        if (Libc.LastError == Libc.EINTR) continue;
                        return; // ENOSPC: the temporary folder is full; nothing more can be noted.
                    }

                    offset += (int)written;
                }
            }

            _notesLength += bytes.Length;
        }
    }

    /// <summary>No group is live: the notes start over, so they stay as small as the live set.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            if (_notesFd < 0 || _notesLength == 0) return;
            if (Libc.ftruncate(_notesFd, 0) == 0) _notesLength = 0;
        }
    }

    /// <summary>Closes this end, as the death of this process would: the sentinel acts on the groups
    /// still noted and ends. Reaped in the background.</summary>
    public void Abandon()
    {
        lock (_gate)
        {
            if (_pipeFd < 0) return;
            Libc.close(_pipeFd);
            Libc.close(_notesFd);
            _pipeFd = _notesFd = -1;

            // Once reaped, the number may be a task's child already: never wait on it again.
            if (_reaped) return;
            _reaped = true;
        }

        int pid = Id;
        WorkerThreads.Run(() =>
        {
            while (Libc.waitpid(pid, out _, 0) < 0 && Libc.LastError == Libc.EINTR)
            {
            }
        });
    }

    private static string LoadScript()
    {
        using Stream stream = typeof(Sentinel).Assembly.GetManifestResourceStream("Hero.Processes.Unix.Sentinel.sh")
            ?? throw new InvalidOperationException("The sentinel script is missing from Hero.Engine.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
