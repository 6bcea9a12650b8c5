using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Hero.Processes.Windows;

/// <summary>CreateProcess for a process that must outlive its caller: no console of its own
/// (DETACHED_PROCESS), a process group of its own (a Ctrl+C in the caller's console does not reach
/// it), out of the caller's Job Object where the job allows it (CREATE_BREAKAWAY_FROM_JOB: a
/// terminal, a CI runner or an IDE that puts its shells in a kill-on-close job would otherwise end it
/// with the shell), stdin the null device and stdout and stderr appended to a file.</summary>
internal static class DetachedWindowsProcess
{
    private const uint DETACHED_PROCESS = 0x00000008;
    private const uint CREATE_NEW_PROCESS_GROUP = 0x00000200;
    private const uint CREATE_UNICODE_ENVIRONMENT = 0x00000400;
    private const uint CREATE_BREAKAWAY_FROM_JOB = 0x01000000;
    private const int STARTF_USESTDHANDLES = 0x00000100;
    private const int ERROR_ACCESS_DENIED = 5;

    public static int Start(ChildStartInfo start, IReadOnlyDictionary<string, string> environment, string outputPath)
    {
        using FileStream output = new(outputPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
        using FileStream input = new("NUL", FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        SetInheritable(output.SafeFileHandle);
        SetInheritable(input.SafeFileHandle);

        var commandLine = new StringBuilder();
        WindowsCommandLine.AppendQuoted(commandLine, start.ProgramPath);
        string arguments = start.WindowsCommandLine ?? WindowsCommandLine.Join(start.Arguments);
        if (arguments.Length > 0) commandLine.Append(' ').Append(arguments);

        var block = new StringBuilder();
        foreach (KeyValuePair<string, string> variable in environment.OrderBy(v => v.Key, StringComparer.OrdinalIgnoreCase))
        {
            block.Append(variable.Key).Append('=').Append(variable.Value).Append('\0');
        }

        block.Append('\0');
        var info = new StartupInfo
        {
            cb = Marshal.SizeOf<StartupInfo>(),
            dwFlags = STARTF_USESTDHANDLES,
            hStdInput = input.SafeFileHandle.DangerousGetHandle(),
            hStdOutput = output.SafeFileHandle.DangerousGetHandle(),
            hStdError = output.SafeFileHandle.DangerousGetHandle(),
        };

        uint flags = DETACHED_PROCESS | CREATE_NEW_PROCESS_GROUP | CREATE_UNICODE_ENVIRONMENT;
        if (!TryCreate(start, commandLine, block, ref info, flags | CREATE_BREAKAWAY_FROM_JOB, out ProcessInformation process, out int error))
        {
            // A job that does not allow breakaway refuses the flag: start inside it rather than not at all.
            if (error != ERROR_ACCESS_DENIED || !TryCreate(start, commandLine, block, ref info, flags, out process, out error))
            {
                throw error switch
                {
                    2 or 3 => new ProcessStartException(StartFailureKind.NotFound, $"'{start.ProgramPath}' was not found."),
                    5 or 193 => new ProcessStartException(StartFailureKind.NotExecutable, $"'{start.ProgramPath}' cannot be run: {new Win32Exception(error).Message}"),
                    _ => new ProcessStartException(StartFailureKind.Other, $"Could not start '{start.ProgramPath}': {new Win32Exception(error).Message}"),
                };
            }
        }

        CloseHandle(process.hThread);
        CloseHandle(process.hProcess);
        return process.dwProcessId;
    }

    private static bool TryCreate(ChildStartInfo start, StringBuilder commandLine, StringBuilder environment, ref StartupInfo info, uint flags, out ProcessInformation process, out int error)
    {
        var line = new StringBuilder(commandLine.ToString());
        bool created = CreateProcessW(start.ProgramPath, line, IntPtr.Zero, IntPtr.Zero, true, flags, environment.ToString(), start.WorkingDirectory, ref info, out process);
        error = created ? 0 : Marshal.GetLastWin32Error();
        return created;
    }

    private static void SetInheritable(SafeFileHandle handle)
    {
        if (!SetHandleInformation(handle.DangerousGetHandle(), 1, 1))
        {
            throw new ProcessStartException(StartFailureKind.Other, $"Could not pass a handle to the detached process: {new Win32Exception(Marshal.GetLastWin32Error()).Message}");
        }
    }

    [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)]
    private struct StartupInfo
    {
        public int cb;
        public string? lpReserved;
        public string? lpDesktop;
        public string? lpTitle;
        public int dwX;
        public int dwY;
        public int dwXSize;
        public int dwYSize;
        public int dwXCountChars;
        public int dwYCountChars;
        public int dwFillAttribute;
        public int dwFlags;
        public short wShowWindow;
        public short cbReserved2;
        public IntPtr lpReserved2;
        public IntPtr hStdInput;
        public IntPtr hStdOutput;
        public IntPtr hStdError;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct ProcessInformation
    {
        public IntPtr hProcess;
        public IntPtr hThread;
        public int dwProcessId;
        public int dwThreadId;
    }

    [DllImport("kernel32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
    private static extern bool CreateProcessW(string applicationName, StringBuilder commandLine, IntPtr processAttributes, IntPtr threadAttributes,
        bool inheritHandles, uint creationFlags, string environment, string currentDirectory, ref StartupInfo startupInfo, out ProcessInformation processInformation);

    [DllImport("kernel32.dll", SetLastError = true)]
    private static extern bool SetHandleInformation(IntPtr handle, uint mask, uint flags);

    [DllImport("kernel32.dll", SetLastError = true)]
    private static extern bool CloseHandle(IntPtr handle);
}
