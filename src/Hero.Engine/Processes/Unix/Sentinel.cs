using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using Hero.Threading;

namespace Hero.Processes.Unix;

/// <summary>The host-death sentinel: one awk process that reads kill groups from a pipe whose write
/// end only this process holds and, once that pipe reaches end of file (this process is gone, however
/// it died: SIGKILL, a crash, the OOM killer), hands the groups it still knows to a POSIX sh script
/// (Sentinel.sh) that stops them. The write end is close-on-exec: a child that inherited it would
/// hold the pipe open and the sentinel would never hear the end. A task pays one short write as it
/// starts and one as it ends; awk reads them in whole blocks (sh's read builtin would take a system
/// call per byte).</summary>
internal sealed unsafe class Sentinel
{
    /// <summary>Names the sentinel in its environment, with the host's pid: how the tests (and a
    /// curious operator) tell Hero's own process from the tasks'.</summary>
    public const string HostVariable = "HERO_SENTINEL_HOST";

    /// <summary>Holds the second half's text, so the first half can start it without a file.</summary>
    private const string StopScriptVariable = "HERO_SENTINEL_STOP";

    /// <summary>Lines "+pgid grace marker" and "-pgid"; at the end, the groups still live go to the stop script.</summary>
    private const string Reader = """
        /^\+/ { live[substr($1, 2)] = $2 ":" $3; next }
        /^-/ { delete live[substr($1, 2)] }
        END {
            groups = ""
            for (g in live) groups = groups " " g ":" live[g]
            if (groups != "") exit system("exec /bin/sh -c \"$HERO_SENTINEL_STOP\" hero-sentinel" groups)
        }
        """;

    private static readonly Lazy<string> StopScript = new(LoadScript);

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

    /// <summary>Starts a sentinel, or returns null when none can be started (no /bin/sh or awk).</summary>
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
            PosixSpawn.CreatePipe(fds, opened);
            string host = Libc.getpid().ToString(CultureInfo.InvariantCulture);
            var environment = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["PATH"] = "/usr/bin:/bin:/usr/sbin:/sbin",
                ["LC_ALL"] = "C",
                [HostVariable] = host,
                [StopScriptVariable] = StopScript.Value,
            };

            // No HERO_KILL_GROUP of an outer Hero that runs this pwsh as a task: the outer would
            // count the sentinel, which ends on its own with this process, among the leftovers.

            var start = new ChildStartInfo
            {
                ProgramPath = "/bin/sh",
                // Ignored signals stay ignored across exec: only the end of the host ends it.
                // The comment leads the program, so ps shows what the process is for.
                Arguments = ["-c", "trap '' HUP INT QUIT TERM; exec awk \"$0\"", $"# hero-sentinel: stops the tasks of process {host} if it dies\n{Reader}"],
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
