using System;
using System.ComponentModel;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;

/// <summary>Appends a line that no other process's line can overwrite. .NET's FileMode.Append only seeks
/// to the end and then writes at that offset, so two processes appending at once can lose a line (tests
/// count the pids and stamps many fixtures write to one file). The operating system's own append does
/// not: O_APPEND on Unix, FILE_APPEND_DATA on Windows, with the whole line in one write.</summary>
internal static partial class AppendFile
{
    public static void Line(string path, string text) => Bytes(path, Encoding.UTF8.GetBytes(text + "\n"));

    public static void Bytes(string path, byte[] data)
    {
        string full = Path.GetFullPath(path);
        if (OperatingSystem.IsWindows()) Windows(full, data);
        else Unix(full, data);
    }

    private static void Unix(string path, byte[] data)
    {
        const int O_WRONLY = 1, O_CREAT = 0x40, O_APPEND = 0x400; // Linux
        const int O_CREAT_MAC = 0x200, O_APPEND_MAC = 0x8;
        int flags = OperatingSystem.IsMacOS() ? O_WRONLY | O_CREAT_MAC | O_APPEND_MAC : O_WRONLY | O_CREAT | O_APPEND;
        int fd = open(path, flags, Convert.ToInt32("644", 8));
        if (fd < 0) throw new IOException($"Cannot open '{path}' to append (errno {Marshal.GetLastPInvokeError()}).");
        try
        {
            if (data.Length > 0 && write(fd, data, data.Length) != data.Length)
            {
                throw new IOException($"Cannot append to '{path}' (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            close(fd);
        }
    }

    private static void Windows(string path, byte[] data)
    {
        const uint FILE_APPEND_DATA = 0x4, SHARE_ALL = 0x7, OPEN_ALWAYS = 4;
        IntPtr handle = CreateFileW(path, FILE_APPEND_DATA, SHARE_ALL, IntPtr.Zero, OPEN_ALWAYS, 0x80, IntPtr.Zero);
        if (handle == new IntPtr(-1)) throw new Win32Exception(Marshal.GetLastPInvokeError(), $"Cannot open '{path}' to append.");
        try
        {
            if (data.Length > 0 && (!WriteFile(handle, data, (uint)data.Length, out uint written, IntPtr.Zero) || written != data.Length))
            {
                throw new Win32Exception(Marshal.GetLastPInvokeError(), $"Cannot append to '{path}'.");
            }
        }
        finally
        {
            CloseHandle(handle);
        }
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags, int mode);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint write(int fd, byte[] buffer, nint count);

    [LibraryImport("libc")]
    private static partial int close(int fd);

    [LibraryImport("kernel32.dll", SetLastError = true, StringMarshalling = StringMarshalling.Utf16)]
    private static partial IntPtr CreateFileW(string name, uint access, uint share, IntPtr security, uint creation, uint flags, IntPtr template);

    [LibraryImport("kernel32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool WriteFile(IntPtr handle, byte[] buffer, uint count, out uint written, IntPtr overlapped);

    [LibraryImport("kernel32.dll")]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool CloseHandle(IntPtr handle);
}
