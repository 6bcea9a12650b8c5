using System.Collections.Generic;

namespace Hero.Measurement;

/// <summary>One thing to measure: a task definition (a program, a shell command or a script file)
/// or a script block, with its hooks and the parameter values it was made with.</summary>
public sealed class MeasurementTarget
{
    public required string Name { get; init; }

    /// <summary>What runs. For a script block, the block's text is in Command and <see cref="Script"/> runs it.</summary>
    public required HeroTaskDefinition Definition { get; init; }

    public IMeasuredScript? Script { get; init; }

    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    public MeasurementHook? Setup { get; init; }

    public MeasurementHook? Prepare { get; init; }

    public MeasurementHook? Conclude { get; init; }

    public MeasurementHook? Cleanup { get; init; }
}
