using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using Hero.Threading;

namespace Hero.Processes.Unix;

/// <summary>The host-death sentinel: a POSIX sh script (Sentinel.sh) that reads kill groups from a
/// pipe whose write end only this process holds, and stops the groups it still knows once that pipe
/// reaches end of file, that is once this process is gone however it died (SIGKILL, a crash, the OOM
/// killer). The write end is close-on-exec: a child that inherited it would hold the pipe open and
/// the sentinel would never hear the end. One write per group started and one per group retired is
/// all a task pays.</summary>
internal sealed unsafe class Sentinel
{
    /// <summary>Names the sentinel in its environment, with the host's pid: how the tests (and a
    /// curious operator) tell Hero's own process from the tasks'.</summary>
    public const string HostVariable = "HERO_SENTINEL_HOST";

    private static readonly Lazy<string> Script = new(LoadScript);

    private int _writeFd;

    private Sentinel(int pid, int writeFd)
    {
        Id = pid;
        _writeFd = writeFd;
    }

    public int Id { get; }

    public static string Added(int groupId, string marker, TimeSpan grace) =>
        "+" + groupId.ToString(CultureInfo.InvariantCulture) + " "
        + ((int)Math.Ceiling(grace.TotalMilliseconds / 100)).ToString(CultureInfo.InvariantCulture) + " " + marker + "\n";

    public static string Removed(int groupId) => "-" + groupId.ToString(CultureInfo.InvariantCulture) + "\n";

    /// <summary>Starts a sentinel, or returns null when none can be started (no /bin/sh).</summary>
    public static Sentinel? TryStart()
    {
        int* fds = stackalloc int[2];
        var opened = new List<int>();
        try
        {
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
            int pid = PosixSpawn.Spawn(start, environment, fds[0], -1, -1);
            Libc.close(fds[0]);
            opened.Remove(fds[0]);
            opened.Clear();
            return new Sentinel(pid, fds[1]);
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

    /// <summary>Writes one line (shorter than PIPE_BUF, so it arrives whole). Blocks only while the
    /// sentinel is behind by a full pipe buffer; false when the sentinel is gone.</summary>
    public bool TrySend(string line)
    {
        if (_writeFd < 0) return false;
        byte[] bytes = Encoding.ASCII.GetBytes(line);
        fixed (byte* data = bytes)
        {
            int offset = 0;
            while (offset < bytes.Length)
            {
                nint written = Libc.write(_writeFd, data + offset, bytes.Length - offset);
                if (written < 0)
                {
                    if (Libc.LastError == Libc.EINTR) continue;
                    return false; // EPIPE: the sentinel died (someone killed it).
                }

                offset += (int)written;
            }
        }

        return true;
    }

    /// <summary>Gives up on a sentinel that stopped reading: closes the pipe and reaps it.</summary>
    public void Abandon()
    {
        if (_writeFd >= 0)
        {
            Libc.close(_writeFd);
            _writeFd = -1;
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
