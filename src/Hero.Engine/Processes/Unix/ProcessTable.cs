using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;

namespace Hero.Processes.Unix;

/// <summary>Finds the live members of one kill group. A member is a process in the child's process
/// group, a process carrying the group's environment marker (which survives setsid and
/// re-parenting), or a descendant of either. Processes started before the child are never
/// considered, which also protects against a recycled group id. Zombies are not counted: they are
/// already dead and only wait for their parent to collect them.</summary>
internal sealed class ProcessTable
{
    public const string MarkerVariable = "HERO_KILL_GROUP";

    /// <summary>How long after the child's start the pid window is trusted. Threads take pids too:
    /// a busy machine with a small pid_max (32768 is common) hands out a whole cycle of pids in
    /// seconds, and once the counter has passed the child again the window would leave out the very
    /// descendants it is for. After this, every process is looked at (the start time still keeps out
    /// those older than the child).</summary>
    private static readonly long WindowTrustTicks = Stopwatch.Frequency;

    private readonly int _groupId;
    private readonly byte[] _marker;
    private readonly long _createdAt = Stopwatch.GetTimestamp();
    private readonly bool _builtAtSpawn;
    private ulong? _childStartTicks;

    /// <param name="childStartTicks">The child's start ticks when known from a record (a tree this
    /// process did not start, such as a guardian's orphaned child): then a recycled pid is never read
    /// as the child.</param>
    public ProcessTable(int groupId, string markerValue, ulong? childStartTicks = null)
    {
        _groupId = groupId;
        _marker = Encoding.UTF8.GetBytes(MarkerVariable + "=" + markerValue);
        _childStartTicks = childStartTicks;

        // Given the start ticks, the table describes a tree recorded earlier (a guardian's orphan),
        // started at any time before: its pid window is never trusted.
        _builtAtSpawn = childStartTicks is null;
    }

    /// <summary>Whether the pid window (child, last pid handed out] still holds the whole tree.</summary>
    private bool WindowTrusted => _builtAtSpawn && Stopwatch.GetTimestamp() - _createdAt < WindowTrustTicks;

    /// <summary>The child's start time (clock ticks since boot), read on first need; 0 when the child
    /// is already gone (the pid window still keeps older processes out).</summary>
    private ulong ChildStartTicks => _childStartTicks ??= TryReadStat(_groupId, out StatLine stat) ? stat.StartTicks : 0;

    private static readonly int OwnPid = Libc.getpid();

    /// <summary>Ids of the live members right now.</summary>
    public List<int> LiveMembers() => ChildProcess.IsLinux ? ScanProc() : ScanPs();

    /// <summary>Linux hands out pids in order, so every descendant of the child has a pid after the
    /// child's and up to the last one handed out (wrapping around at pid_max). Reading
    /// /proc/sys/kernel/ns_last_pid first makes the common case — nothing started since the child —
    /// a single small read, and otherwise limits the scan to the pids in that window.</summary>
    private bool InPidWindow(int pid, int lastPid) =>
        lastPid < 0
        || (lastPid >= _groupId ? pid > _groupId && pid <= lastPid : pid > _groupId || pid <= lastPid);

    internal static int LastPid()
    {
        try
        {
            return int.Parse(File.ReadAllText("/proc/sys/kernel/ns_last_pid").Trim(), CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return -1;
        }
    }

    /// <summary>True when no process at all was started after the child, so none of the tree can be
    /// left once the child is gone. Linux only: elsewhere there is no ns_last_pid to read. Only
    /// trusted while a whole cycle of pids cannot have passed since the child started.</summary>
    public bool NothingStartedSinceChild() => WindowTrusted && LastPid() == _groupId;

    private List<int> ScanProc()
    {
        var parents = new Dictionary<int, int>();
        var members = new HashSet<int>();
        List<int>? unsure = null;
        int lastPid = WindowTrusted ? LastPid() : -1;
        foreach (string directory in Directory.EnumerateDirectories("/proc"))
        {
            string name = Path.GetFileName(directory);
            if (name.Length == 0 || name[0] < '0' || name[0] > '9' || !int.TryParse(name, out int pid))
            {
                continue;
            }

            if (pid != _groupId && !InPidWindow(pid, lastPid))
            {
                continue;
            }

            if (!TryReadStat(pid, out StatLine stat) || stat.State == 'Z' || stat.State == 'X' || stat.StartTicks < ChildStartTicks)
            {
                continue;
            }

            // A child of this very process is another task's (or command's) child, never a
            // descendant of ours: no need to read its environment.
            if (stat.ParentId == OwnPid && stat.GroupId != _groupId)
            {
                continue;
            }

            parents[pid] = stat.ParentId;
            if (stat.GroupId == _groupId)
            {
                members.Add(pid);
                continue;
            }

            switch (ReadMarker(pid))
            {
                case Marker.Present:
                    members.Add(pid);
                    break;
                case Marker.Unreadable when stat.ParentId != KernelThreadParent:
                    (unsure ??= []).Add(pid);
                    break;
            }
        }

        // A process caught in the middle of execve shows an empty environment for a moment (the
        // new image's is not set up yet): look again shortly rather than let a daemon slip by.
        for (int retry = 0; unsure is { Count: > 0 } && retry < 5; retry++)
        {
            Thread.Sleep(2);
            unsure.RemoveAll(pid =>
            {
                Marker marker = ReadMarker(pid);
                if (marker == Marker.Present) members.Add(pid);
                return marker != Marker.Unreadable;
            });
        }

        // Descendants of members that cleared their environment and left the group.
        AddDescendants(members, parents);
        return [.. members];
    }

    private enum Marker
    {
        Absent,
        Present,
        /// <summary>An empty environment: mid-exec, or a kernel thread.</summary>
        Unreadable,
    }

    /// <summary>kthreadd, the parent of every kernel thread (which has no environment at all).</summary>
    private const int KernelThreadParent = 2;

    private Marker ReadMarker(int pid)
    {
        try
        {
            byte[] environment = File.ReadAllBytes("/proc/" + pid.ToString(CultureInfo.InvariantCulture) + "/environ");
            if (environment.Length == 0) return Marker.Unreadable;
            return ContainsVariable(environment, _marker) ? Marker.Present : Marker.Absent;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Gone, or another user's process: neither can be ours.
            return Marker.Absent;
        }
    }

    /// <summary>True when one of the NUL-separated variables equals <paramref name="entry"/> exactly.</summary>
    internal static bool ContainsVariable(byte[] environment, byte[] entry)
    {
        int start = 0;
        while (start < environment.Length)
        {
            int end = Array.IndexOf(environment, (byte)0, start);
            if (end < 0) end = environment.Length;
            if (end - start == entry.Length)
            {
                int i = 0;
                while (i < entry.Length && environment[start + i] == entry[i]) i++;
                if (i == entry.Length) return true;
            }

            start = end + 1;
        }

        return false;
    }

    internal readonly record struct StatLine(char State, int ParentId, int GroupId, ulong StartTicks);

    internal static bool TryReadStat(int pid, out StatLine stat)
    {
        stat = default;
        string text;
        try
        {
            text = File.ReadAllText("/proc/" + pid.ToString(CultureInfo.InvariantCulture) + "/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        return TryParseStat(text, out stat);
    }

    /// <summary>Fields after the command name (which may hold spaces and parentheses): state, ppid,
    /// pgrp, ... starttime is field 22 of the whole line.</summary>
    internal static bool TryParseStat(string text, out StatLine stat)
    {
        stat = default;
        int close = text.LastIndexOf(')');
        if (close < 0 || close + 2 >= text.Length)
        {
            return false;
        }

        string[] fields = text.Substring(close + 2).Split(' ');
        if (fields.Length < 20
            || !int.TryParse(fields[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int ppid)
            || !int.TryParse(fields[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out int pgrp)
            || !ulong.TryParse(fields[19], NumberStyles.Integer, CultureInfo.InvariantCulture, out ulong start))
        {
            return false;
        }

        stat = new StatLine(fields[0].Length > 0 ? fields[0][0] : '?', ppid, pgrp, start);
        return true;
    }

    /// <summary>macOS and other Unixes: the group plus ppid descendants, from ps (given at most two
    /// seconds). A pid is never trusted from an earlier scan: it may have been recycled since.</summary>
    private List<int> ScanPs()
    {
        var parents = new Dictionary<int, int>();
        var members = new HashSet<int>();
        try
        {
            var info = new ProcessStartInfo("ps", "-axo pid=,ppid=,pgid=,stat=")
            {
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            using Process ps = Process.Start(info)!;
            System.Threading.Tasks.Task<string> reading = ps.StandardOutput.ReadToEndAsync();
            if (!reading.Wait(2000))
            {
                try { ps.Kill(); } catch (InvalidOperationException) { }
                return [];
            }

            string all = reading.Result;
            ps.WaitForExit(2000);
            foreach (string line in all.Split('\n'))
            {
                string[] parts = line.Split([' '], StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length < 4 || parts[3].StartsWith("Z", StringComparison.Ordinal)
                    || !int.TryParse(parts[0], out int pid) || !int.TryParse(parts[1], out int ppid) || !int.TryParse(parts[2], out int pgid))
                {
                    continue;
                }

                parents[pid] = ppid;
                if (pgid == _groupId)
                {
                    members.Add(pid);
                }
            }
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Without ps only the process group can be reached; killpg still covers it.
        }

        AddDescendants(members, parents);
        return [.. members];
    }

    /// <summary>Adds every process whose parent is a member, until no more join: a grandchild may come
    /// before its parent in the table.</summary>
    private static void AddDescendants(HashSet<int> members, Dictionary<int, int> parents)
    {
        bool grew = true;
        while (grew)
        {
            grew = false;
            foreach (KeyValuePair<int, int> entry in parents)
            {
                if (!members.Contains(entry.Key) && members.Contains(entry.Value))
                {
                    members.Add(entry.Key);
                    grew = true;
                }
            }
        }
    }
}
