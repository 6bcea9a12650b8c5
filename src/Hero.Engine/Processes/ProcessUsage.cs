using System;

namespace Hero.Processes;

/// <summary>One live process of a tree as the kernel shows it at one moment: its resident memory, its
/// own CPU time, and the CPU time of the children it has reaped (which left the tree accounted for).</summary>
internal readonly record struct ProcessUsage(
    int Pid,
    int ParentPid,
    long ResidentBytes,
    TimeSpan User,
    TimeSpan System,
    TimeSpan ReapedUser,
    TimeSpan ReapedSystem);
