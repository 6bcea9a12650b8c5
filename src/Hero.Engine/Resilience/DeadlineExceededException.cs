using System;

namespace Hero.Resilience;

/// <summary>A deadline of the retry pipeline fired while no attempt was there to turn it into an
/// ending of its own: the whole call's during a wait, or an attempt's around code that honours its
/// token by throwing.</summary>
internal sealed class DeadlineExceededException(TimeSpan timeout, Exception inner)
    : TimeoutException($"The deadline of {Text.DurationParser.Format(timeout)} passed.", inner)
{
    public TimeSpan Timeout { get; } = timeout;
}
