using System;

namespace Hero.Resilience;

/// <summary>A wait between two attempts of a task or of retried code.</summary>
/// <param name="Reason">How the failed attempt ended ("exit code 3", "timed out", the error).</param>
public sealed record RetryWait(string Name, int FailedAttempt, int NextAttempt, int MaxAttempts, TimeSpan Delay, string Reason);
