using System;

namespace Hero.Health;

/// <summary>A check definition that cannot run. The message names the source (file or -Check
/// position), the check and the field.</summary>
public sealed class HealthCheckDefinitionException : Exception
{
    public HealthCheckDefinitionException(string message, string? field = null)
        : base(message)
    {
        Field = field;
    }

    public string? Field { get; }
}
