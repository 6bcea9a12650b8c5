using System;
using System.Management.Automation;

namespace Hero.PowerShell.Errors;

/// <summary>Every attempt of Invoke-HeroRetry failed. The last attempt's error record rides along.</summary>
public sealed class HeroRetryExhaustedException(string message, int attempts, TimeSpan elapsed, ErrorRecord lastError)
    : Exception(message, lastError.Exception)
{
    public int Attempts { get; } = attempts;

    public TimeSpan Elapsed { get; } = elapsed;

    public ErrorRecord LastError { get; } = lastError;
}
