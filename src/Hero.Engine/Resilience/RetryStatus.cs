namespace Hero.Resilience;

public enum RetryStatus
{
    Succeeded,

    /// <summary>Every attempt allowed failed, or the judge said not to retry.</summary>
    Failed,

    /// <summary>The circuit refused the call (open, or its half-open probe still running).</summary>
    CircuitOpen,

    /// <summary>The retry decision itself failed (-RetryIf threw).</summary>
    DecisionFailed,
}
