using System;
using System.Runtime.InteropServices;
using Hero.Processes;

namespace Hero.Backup;

/// <summary>Tells a regular file from a FIFO, socket or device before the archive opens it: opening
/// a FIFO for reading waits for a writer, possibly forever. .NET does not expose the file type, so
/// this asks the kernel: statx on Linux (its struct has one layout on every architecture), lstat on
/// macOS (st_mode sits at offset 4 of the 64-bit-inode struct stat). Windows has no such files in a
/// folder tree. When the call is not available, every file counts as regular.</summary>
internal static class FileKindProbe
{
    public enum Kind
    {
        Regular,
        Special,
        Missing,
    }

    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const int StatxModeOffset = 28;
    private const int MacModeOffset = 4;
    private const int FileTypeMask = 0xF000;
    private const int RegularFile = 0x8000;
    private const int ENOENT = 2;

    private static bool s_unavailable = ChildProcess.IsWindows;

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern unsafe int Statx(int dirfd, string path, int flags, uint mask, byte* buffer);

    [DllImport("libc", EntryPoint = "lstat", SetLastError = true)]
    private static extern unsafe int LstatArm(string path, byte* buffer);

    [DllImport("libc", EntryPoint = "lstat$INODE64", SetLastError = true)]
    private static extern unsafe int LstatIntel(string path, byte* buffer);

    public static unsafe Kind Of(string path)
    {
        if (s_unavailable) return Kind.Regular;
        byte* buffer = stackalloc byte[512];
        int offset;
        int rc;
        try
        {
            if (ChildProcess.IsLinux)
            {
                rc = Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxType, buffer);
                offset = StatxModeOffset;
            }
            else
            {
                rc = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? LstatIntel(path, buffer) : LstatArm(path, buffer);
                offset = MacModeOffset;
            }
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            s_unavailable = true;
            return Kind.Regular;
        }

        if (rc != 0) return Marshal.GetLastWin32Error() == ENOENT ? Kind.Missing : Kind.Regular;
        int mode = buffer[offset] | (buffer[offset + 1] << 8);
        return (mode & FileTypeMask) == RegularFile ? Kind.Regular : Kind.Special;
    }
}
