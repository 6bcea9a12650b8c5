using Hero.Processes;

namespace Hero.Tasks;

/// <summary>The exit codes Hero reports when the child's own code does not apply: the same values
/// GNU timeout and POSIX shells use, so scripts that already check them keep working.</summary>
public static class ExitCodes
{
    public const int TimedOut = 124;
    public const int NotExecutable = 126;
    public const int NotFound = 127;
    public const int Cancelled = 130;
    public const int SignalBase = 128;

    /// <summary>A skipped task never ran: no exit code of its own.</summary>
    public const int NotRun = -1;

    /// <summary>What a child that never ran reports, as a shell would: 126 when the program exists but
    /// cannot be run, else 127.</summary>
    public static int Of(StartFailureKind kind) => kind == StartFailureKind.NotExecutable ? NotExecutable : NotFound;
}
