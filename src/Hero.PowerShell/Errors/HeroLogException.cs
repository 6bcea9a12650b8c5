using System;

namespace Hero.PowerShell.Errors;

/// <summary>An error-level log event, as it appears in the error stream.</summary>
public sealed class HeroLogException(string message) : Exception(message);
