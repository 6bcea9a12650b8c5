namespace Hero;

/// <summary>What an objective looks at, per run or task: its wall time, its CPU time (or, against a
/// percentage, CPU time as a share of wall time: 100 % is one core busy all along), the peak memory
/// of its process tree, whether it succeeded (1) or not (0), and its exit code.</summary>
public enum HeroSloMetric
{
    Duration,
    Cpu,
    Memory,
    Success,
    ExitCode,
}
