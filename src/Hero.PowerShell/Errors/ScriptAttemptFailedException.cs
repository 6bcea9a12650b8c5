using System;
using System.Management.Automation;

namespace Hero.PowerShell.Errors;

/// <summary>An attempt that wrote error records without throwing: the first of them is the cause.</summary>
internal sealed class ScriptAttemptFailedException(ErrorRecord error)
    : Exception(error.Exception?.Message ?? error.ToString(), error.Exception)
{
    public ErrorRecord Error { get; } = error;
}
