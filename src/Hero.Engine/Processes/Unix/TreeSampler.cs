using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace Hero.Processes.Unix;

/// <summary>Resident memory and CPU of a set of live processes, from /proc (Linux only).</summary>
internal static class TreeSampler
{
    private static readonly long PageSize = Environment.SystemPageSize;
    private const double ClockTicksPerSecond = 100; // USER_HZ is 100 on every Linux ABI .NET runs on.

    public static TreeSample? Sample(IReadOnlyCollection<int> pids)
    {
        if (!ChildProcess.IsLinux)
        {
            return null;
        }

        long resident = 0;
        double ticks = 0;
        int count = 0;
        foreach (int pid in pids)
        {
            try
            {
                string id = pid.ToString(CultureInfo.InvariantCulture);
                string statm = File.ReadAllText("/proc/" + id + "/statm");
                string[] pages = statm.Split(' ');
                resident += long.Parse(pages[1], CultureInfo.InvariantCulture) * PageSize;

                string stat = File.ReadAllText("/proc/" + id + "/stat");
                string[] fields = stat.Substring(stat.LastIndexOf(')') + 2).Split(' ');
                ticks += double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture);
                count++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
            {
                // Gone between the scan and the read.
            }
        }

        return new TreeSample(count, resident, TimeSpan.FromSeconds(ticks / ClockTicksPerSecond));
    }

    /// <summary>Each process on its own, with its parent and the CPU of the children it reaped, so
    /// whole-tree accounting can tell a descendant that was waited for from one that was not.</summary>
    public static List<ProcessUsage>? SampleMembers(IReadOnlyCollection<int> pids)
    {
        if (!ChildProcess.IsLinux)
        {
            return null;
        }

        var members = new List<ProcessUsage>(pids.Count);
        foreach (int pid in pids)
        {
            try
            {
                string id = pid.ToString(CultureInfo.InvariantCulture);
                string stat = File.ReadAllText("/proc/" + id + "/stat");
                string[] fields = stat.Substring(stat.LastIndexOf(')') + 2).Split(' ');
                string statm = File.ReadAllText("/proc/" + id + "/statm");
                long resident = long.Parse(statm.Split(' ')[1], CultureInfo.InvariantCulture) * PageSize;
                members.Add(new ProcessUsage(
                    pid,
                    int.Parse(fields[1], CultureInfo.InvariantCulture),
                    resident,
                    Ticks(fields[11]),
                    Ticks(fields[12]),
                    Ticks(fields[13]),
                    Ticks(fields[14])));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
            {
                // Gone between the scan and the read.
            }
        }

        return members;
    }

    /// <summary>macOS and other Unixes without /proc: the resident size of each of the given
    /// processes, from one ps call (given at most two seconds). CPU is not sampled: ps cannot tell
    /// what a process's reaped children used, so it could not be told from what wait4 already has.</summary>
    public static List<ProcessUsage>? SampleMembersPs(IReadOnlyCollection<int> pids)
    {
        if (pids.Count == 0) return [];
        try
        {
            var info = new System.Diagnostics.ProcessStartInfo("ps", "-o pid=,ppid=,rss= -p " + string.Join(",", pids))
            {
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            using System.Diagnostics.Process ps = System.Diagnostics.Process.Start(info)!;
            System.Threading.Tasks.Task<string> reading = ps.StandardOutput.ReadToEndAsync();
            if (!reading.Wait(2000))
            {
                try { ps.Kill(); } catch (InvalidOperationException) { }
                return null;
            }

            ps.WaitForExit(2000);
            var members = new List<ProcessUsage>(pids.Count);
            foreach (string line in reading.Result.Split('\n'))
            {
                string[] parts = line.Split([' '], StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length < 3 || !int.TryParse(parts[0], out int pid) || !int.TryParse(parts[1], out int ppid)
                    || !long.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out long kib))
                {
                    continue;
                }

                members.Add(new ProcessUsage(pid, ppid, kib * 1024, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero));
            }

            return members;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    /// <summary>A process that has exited but was not reaped yet, or null when it is gone (or alive).
    /// Its CPU times are final; it holds no memory.</summary>
    public static ProcessUsage? ReadZombie(int pid)
    {
        try
        {
            string stat = File.ReadAllText("/proc/" + pid.ToString(CultureInfo.InvariantCulture) + "/stat");
            string[] fields = stat.Substring(stat.LastIndexOf(')') + 2).Split(' ');
            if (fields[0] != "Z") return null;
            return new ProcessUsage(pid, int.Parse(fields[1], CultureInfo.InvariantCulture), 0,
                Ticks(fields[11]), Ticks(fields[12]), Ticks(fields[13]), Ticks(fields[14]));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private static TimeSpan Ticks(string field) =>
        TimeSpan.FromTicks((long)(double.Parse(field, CultureInfo.InvariantCulture) * TimeSpan.TicksPerSecond / ClockTicksPerSecond));
}
