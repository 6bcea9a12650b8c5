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
}
