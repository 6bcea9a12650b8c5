using System;

namespace Hero.Processes;

/// <summary>The child never ran. Kind drives the exit code (127/126) and the error category.</summary>
public sealed class ProcessStartException(StartFailureKind kind, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public StartFailureKind Kind { get; } = kind;
}
