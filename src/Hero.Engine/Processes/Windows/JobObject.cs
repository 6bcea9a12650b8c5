using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Hero.Processes.Windows;

/// <summary>A kill-on-close Job Object: every process the child starts joins it, TerminateJobObject
/// ends them all, and closing the handle (even when pwsh crashes) ends whatever is left.</summary>
internal sealed class JobObject : IDisposable
{
    private const int JobObjectBasicAccountingInformation = 1;
    private const int JobObjectBasicProcessIdList = 3;
    private const int JobObjectExtendedLimitInformation = 9;
    private const uint JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE = 0x2000;
    private const uint HANDLE_FLAG_INHERIT = 0x1;

    private IntPtr _handle;

    public JobObject()
    {
        _handle = CreateJobObjectW(IntPtr.Zero, null);
        if (_handle == IntPtr.Zero)
        {
            throw new Win32Exception(Marshal.GetLastWin32Error(), "CreateJobObject failed");
        }

        // Never inherited: Process.Start passes inheritable handles to every child it starts (it
        // must, for redirected pipes), and a child holding the job would keep it, and so the whole
        // tree, alive after this process died.
        SetHandleInformation(_handle, HANDLE_FLAG_INHERIT, 0);

        var limits = new ExtendedLimitInformation();
        limits.Basic.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
        if (!SetInformationJobObject(_handle, JobObjectExtendedLimitInformation, ref limits, Marshal.SizeOf<ExtendedLimitInformation>()))
        {
            throw new Win32Exception(Marshal.GetLastWin32Error(), "SetInformationJobObject failed");
        }
    }

    public void Assign(IntPtr processHandle)
    {
        if (!AssignProcessToJobObject(_handle, processHandle))
        {
            throw new Win32Exception(Marshal.GetLastWin32Error(), "AssignProcessToJobObject failed");
        }
    }

    public int ActiveProcesses =>
        QueryInformationJobObject(_handle, JobObjectBasicAccountingInformation, out BasicAccountingInformation info, Marshal.SizeOf<BasicAccountingInformation>(), IntPtr.Zero)
            ? (int)info.ActiveProcesses
            : 0;

    public TimeSpan? TotalCpuTime => CpuTimes() is { } times ? times.User + times.Kernel : null;

    /// <summary>User and kernel time of every process that ever ran in the job, the exited ones too.</summary>
    public (TimeSpan User, TimeSpan Kernel)? CpuTimes() =>
        QueryInformationJobObject(_handle, JobObjectBasicAccountingInformation, out BasicAccountingInformation info, Marshal.SizeOf<BasicAccountingInformation>(), IntPtr.Zero)
            ? (TimeSpan.FromTicks(info.TotalUserTime), TimeSpan.FromTicks(info.TotalKernelTime))
            : null;

    public long? PeakMemoryBytes =>
        QueryInformationJobObject(_handle, JobObjectExtendedLimitInformation, out ExtendedLimitInformation info, Marshal.SizeOf<ExtendedLimitInformation>(), IntPtr.Zero)
            ? (long)info.PeakJobMemoryUsed
            : null;

    public unsafe List<int> ProcessIds()
    {
        const int capacity = 1024;
        int size = 8 + IntPtr.Size * capacity;
        IntPtr buffer = Marshal.AllocHGlobal(size);
        try
        {
            var ids = new List<int>();
            if (QueryInformationJobObject(_handle, JobObjectBasicProcessIdList, buffer, size, IntPtr.Zero))
            {
                int listed = Marshal.ReadInt32(buffer, 4);
                for (int i = 0; i < listed; i++)
                {
                    ids.Add((int)Marshal.ReadIntPtr(buffer, 8 + i * IntPtr.Size));
                }
            }

            return ids;
        }
        finally
        {
            Marshal.FreeHGlobal(buffer);
        }
    }

    public void Terminate(uint exitCode) => TerminateJobObject(_handle, exitCode);

    /// <summary>True when a child started with handle inheritance would get a copy of the job.</summary>
    public bool IsInheritable => GetHandleInformation(_handle, out uint flags) && (flags & HANDLE_FLAG_INHERIT) != 0;

    public void Dispose()
    {
        if (_handle != IntPtr.Zero)
        {
            CloseHandle(_handle);
            _handle = IntPtr.Zero;
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct BasicLimitInformation
    {
        public long PerProcessUserTimeLimit;
        public long PerJobUserTimeLimit;
        public uint LimitFlags;
        public UIntPtr MinimumWorkingSetSize;
        public UIntPtr MaximumWorkingSetSize;
        public uint ActiveProcessLimit;
        public UIntPtr Affinity;
        public uint PriorityClass;
        public uint SchedulingClass;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct IoCounters
    {
        public ulong ReadOperationCount;
        public ulong WriteOperationCount;
        public ulong OtherOperationCount;
        public ulong ReadTransferCount;
        public ulong WriteTransferCount;
        public ulong OtherTransferCount;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct ExtendedLimitInformation
    {
        public BasicLimitInformation Basic;
        public IoCounters Io;
        public UIntPtr ProcessMemoryLimit;
        public UIntPtr JobMemoryLimit;
        public UIntPtr PeakProcessMemoryUsed;
        public UIntPtr PeakJobMemoryUsed;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct BasicAccountingInformation
    {
        public long TotalUserTime;
        public long TotalKernelTime;
        public long ThisPeriodTotalUserTime;
        public long ThisPeriodTotalKernelTime;
        public uint TotalPageFaultCount;
        public uint TotalProcesses;
        public uint ActiveProcesses;
        public uint TotalTerminatedProcesses;
    }

    [DllImport("kernel32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
    private static extern IntPtr CreateJobObjectW(IntPtr attributes, string? name);

    [DllImport("kernel32.dll", SetLastError = true)]
    private static extern bool SetInformationJobObject(IntPtr job, int infoClass, ref ExtendedLimitInformation info, int length);

    [DllImport("kernel32.dll", SetLastError = true)]
    private static extern bool QueryInformationJobObject(IntPtr job, int infoClass, out BasicAccountingInformation info, int length, IntPtr returnLength);

    [DllImport("kernel32.dll", SetLastError = true)]
    private static extern bool QueryInformationJobObject(IntPtr job, int infoClass, out ExtendedLimitInformation info, int length, IntPtr returnLength);

    [DllImport("kernel32.dll", SetLastError = true)]
    private static extern bool QueryInformationJobObject(IntPtr job, int infoClass, IntPtr info, int length, IntPtr returnLength);

    [DllImport("kernel32.dll", SetLastError = true)]
    private static extern bool AssignProcessToJobObject(IntPtr job, IntPtr process);

    [DllImport("kernel32.dll", SetLastError = true)]
    private static extern bool TerminateJobObject(IntPtr job, uint exitCode);

    [DllImport("kernel32.dll", SetLastError = true)]
    private static extern bool CloseHandle(IntPtr handle);

    [DllImport("kernel32.dll", SetLastError = true)]
    private static extern bool SetHandleInformation(IntPtr handle, uint mask, uint flags);

    [DllImport("kernel32.dll", SetLastError = true)]
    private static extern bool GetHandleInformation(IntPtr handle, out uint flags);
}
