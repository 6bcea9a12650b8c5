using System;

namespace Hero;

/// <summary>A task definition that cannot run as given; <see cref="ArgumentException.ParamName"/>
/// names the parameter (or hashtable key) at fault.</summary>
public sealed class HeroTaskDefinitionException(string message, string parameterName)
    : ArgumentException(message, parameterName)
{
    public string ParameterName { get; } = parameterName;

    public override string Message => base.Message.Split(new[] { " (Parameter" }, StringSplitOptions.None)[0];
}
