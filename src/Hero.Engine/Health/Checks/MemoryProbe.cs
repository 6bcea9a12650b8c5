using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using Hero.Processes;

namespace Hero.Health.Checks;

/// <summary>Memory available to new work, read without starting anything. Linux: MemAvailable of
/// /proc/meminfo, lowered to what the cgroup (v2) of this process still allows when it has a limit,
/// which is what counts in a container or a CI job. Windows: GlobalMemoryStatusEx. macOS: free,
/// speculative and purgeable pages from sysctl, which reads low because inactive pages that macOS
/// would also hand out are not counted.</summary>
public static class MemoryProbe
{
    public readonly record struct Reading(long Available, long Total, string Source);

    public static Reading? Read()
    {
        try
        {
            if (ChildProcess.IsWindows) return ReadWindows();
            if (ChildProcess.IsLinux) return ReadLinux();
            return ReadMac();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or EntryPointNotFoundException or DllNotFoundException or FormatException)
        {
            return null;
        }
    }

    private static Reading? ReadLinux()
    {
        long? available = null, total = null;
        foreach (string line in File.ReadLines("/proc/meminfo"))
        {
            if (line.StartsWith("MemAvailable:", StringComparison.Ordinal)) available = Kilobytes(line);
            else if (line.StartsWith("MemTotal:", StringComparison.Ordinal)) total = Kilobytes(line);
        }

        if (available is not long free || total is not long all) return null;
        string source = "/proc/meminfo";
        if (CgroupLimit() is { } cgroup && cgroup.Limit < all)
        {
            all = cgroup.Limit;
            free = Math.Min(free, Math.Max(0, cgroup.Limit - cgroup.Used));
            source = "cgroup limit";
        }

        return new Reading(free, all, source);
    }

    private static long Kilobytes(string line) =>
        long.Parse(line.Split([' '], StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;

    private static (long Limit, long Used)? CgroupLimit()
    {
        if (!File.Exists("/proc/self/cgroup")) return null;
        string? unified = File.ReadLines("/proc/self/cgroup").FirstOrDefault(l => l.StartsWith("0::", StringComparison.Ordinal));
        if (unified is null) return null;
        string folder = Path.Combine("/sys/fs/cgroup", unified.Substring(3).TrimStart('/'));
        string max = Path.Combine(folder, "memory.max");
        string current = Path.Combine(folder, "memory.current");
        if (!File.Exists(max) || !File.Exists(current)) return null;
        string limit = File.ReadAllText(max).Trim();
        if (limit == "max") return null;
        return (long.Parse(limit, CultureInfo.InvariantCulture), long.Parse(File.ReadAllText(current).Trim(), CultureInfo.InvariantCulture));
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MemoryStatusEx
    {
        public uint Length;
        public uint MemoryLoad;
        public ulong TotalPhys;
        public ulong AvailPhys;
        public ulong TotalPageFile;
        public ulong AvailPageFile;
        public ulong TotalVirtual;
        public ulong AvailVirtual;
        public ulong AvailExtendedVirtual;
    }

    [DllImport("kernel32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static extern bool GlobalMemoryStatusEx(ref MemoryStatusEx status);

    private static Reading? ReadWindows()
    {
        var status = new MemoryStatusEx { Length = (uint)Marshal.SizeOf<MemoryStatusEx>() };
        return GlobalMemoryStatusEx(ref status) ? new Reading((long)status.AvailPhys, (long)status.TotalPhys, "GlobalMemoryStatusEx") : null;
    }

    [DllImport("libc", EntryPoint = "sysctlbyname")]
    private static extern int SysctlByName(string name, out long value, ref IntPtr length, IntPtr newValue, IntPtr newLength);

    private static long Sysctl(string name)
    {
        long value = 0;
        IntPtr length = (IntPtr)8;
        if (SysctlByName(name, out value, ref length, IntPtr.Zero, IntPtr.Zero) != 0) throw new IOException($"sysctl {name} failed.");

        // Page counts are 32-bit values: only the low half was written.
        return (int)length == 4 ? value & 0xFFFFFFFFL : value;
    }

    private static Reading? ReadMac()
    {
        long pageSize = Sysctl("hw.pagesize");
        long pages = Sysctl("vm.page_free_count") + Sysctl("vm.page_speculative_count") + Sysctl("vm.page_purgeable_count");
        return new Reading(pages * pageSize, Sysctl("hw.memsize"), "sysctl free+speculative+purgeable pages");
    }
}
