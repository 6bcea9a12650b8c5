namespace Hero;

/// <summary>Where a measured figure came from. A figure that no source could give is null.</summary>
public enum HeroMeasurementSource
{
    /// <summary>CPU from the kernel's wait4 rusage: the child and every descendant that was waited for.
    /// On Linux the CPU of descendants nobody waited for (orphans, children of a parent that ignores
    /// SIGCHLD, leftovers Hero ends) is added from sampling the kill group.</summary>
    Rusage,

    /// <summary>Memory: the largest summed resident size of the whole kill group, sampled every 20 ms
    /// (the first time 5 ms after the start; every 100 ms through ps on macOS), or wait4's peak of a
    /// single process when that is larger. A run too short to be sampled has no memory figure.</summary>
    Sampling,

    /// <summary>The Windows Job Object's accounting: every process that ever ran in the job; for
    /// memory, the job's peak committed memory.</summary>
    JobObject,

}
