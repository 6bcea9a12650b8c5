using System;

namespace Hero;

/// <summary>A task definition that cannot run as given. The message starts with the parameter (or
/// hashtable key) at fault, e.g. "-WorkingDirectory: ...".</summary>
public sealed class HeroTaskDefinitionException(string message, string parameterName)
    : ArgumentException("-" + parameterName + ": " + message)
{
    public string ParameterName { get; } = parameterName;

    public override string? ParamName => ParameterName;
}
