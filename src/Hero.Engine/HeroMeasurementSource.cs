namespace Hero;

/// <summary>Where a measured figure came from. A figure that no source could give is null.</summary>
public enum HeroMeasurementSource
{
    /// <summary>A cgroup v2 group of its own for each run: cpu.stat and memory.peak cover every
    /// process of the tree, orphans included; memory.peak counts what the kernel charges to the group
    /// (page cache too).</summary>
    Cgroup,

    /// <summary>wait4's rusage: the child and every descendant that was waited for; for memory, the
    /// largest single process, not the sum.</summary>
    Rusage,

    /// <summary>wait4's rusage for the child and the descendants that were waited for, plus what
    /// sampling the kill group saw of the others (orphans, leftovers); for memory, the summed resident
    /// size of the whole kill group, sampled every 20 ms, or the rusage peak when that is larger.</summary>
    Sampling,

    /// <summary>The Windows Job Object's accounting: every process that ever ran in the job; for
    /// memory, the job's peak committed memory.</summary>
    JobObject,

    /// <summary>A script block timed inside its runspace.</summary>
    Runspace,
}
