using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace Hero.Processes;

/// <summary>A started child in its own kill group (a process group plus marked descendants on Unix, a
/// kill-on-close Job Object on Windows). All members are safe to call from any thread.</summary>
internal interface IChildProcess : IDisposable
{
    int Id { get; }

    /// <summary>Completes when the child itself has exited (with its exit code or signal).</summary>
    Task<ChildExit> Exited { get; }

    /// <summary>After the exit: reaps the child (on Linux it is kept as a zombie until now, so its
    /// process group cannot be recycled while Hero still signals it) and returns the exit with the
    /// kernel's accounting.</summary>
    ChildExit Collect();

    /// <summary>Completes when both output pipes reached end of file, or output was abandoned.</summary>
    Task OutputClosed { get; }

    /// <summary>Stops reading output: a grandchild holding the pipes must not hold the task.</summary>
    void AbandonOutput();

    /// <summary>Signals every live process of the kill group: gracefully (SIGTERM, then SIGCONT so a
    /// stopped process can act on it; on Windows a close request) or by force (SIGKILL; Windows
    /// TerminateJobObject). Returns the ids it reached.</summary>
    IReadOnlyCollection<int> SignalTree(bool force);

    /// <summary>True while any process of the kill group other than a reaped child is alive.</summary>
    bool TreeHasLiveMembers();

    /// <summary>A cheap pre-check for <see cref="TreeHasLiveMembers"/>: false means surely nothing is left.</summary>
    bool MayHaveLeftovers();

    /// <summary>Resident memory and CPU of the live tree, or null where the platform cannot tell.</summary>
    TreeSample? SampleTree();

    /// <summary>The live members one by one, for whole-tree accounting by sampling: memory and CPU from
    /// /proc on Linux, memory only from ps elsewhere on Unix; null where the platform cannot tell or
    /// its kernel accounts for the whole tree itself (a Job Object).</summary>
    IReadOnlyList<ProcessUsage>? SampleMembers();
}
