using System;

namespace Hero;

/// <summary>A task definition that cannot run as given: the parameter (or hashtable key) at fault,
/// the task when there is more than one, and why. The message is composed from those fields, e.g.
/// "Task 'deploy': -WorkingDirectory: The working directory '/nope' does not exist."</summary>
public sealed class HeroTaskDefinitionException(string reason, string parameterName, string? taskName = null)
    : ArgumentException(Compose(reason, parameterName, taskName))
{
    public string Reason { get; } = reason;

    public string ParameterName { get; } = parameterName;

    /// <summary>Null when the call defines one unnamed task.</summary>
    public string? TaskName { get; } = taskName;

    public override string? ParamName => ParameterName;

    // ArgumentException would append "(Parameter 'x')": the parameter already leads the message.
    public override string Message => Compose(Reason, ParameterName, TaskName);

    /// <summary>The same problem, said of a named task of a batch.</summary>
    public HeroTaskDefinitionException ForTask(string name) => new(Reason, ParameterName, name);

    private static string Compose(string reason, string parameterName, string? taskName) =>
        (taskName is null ? string.Empty : $"Task '{taskName}': ") + "-" + parameterName + ": " + reason;
}
