using System;

namespace Hero.Measurement;

/// <summary>One timed run of a script block. <see cref="Message"/> says why it failed.</summary>
public sealed record ScriptRunTiming(TimeSpan Duration, bool Succeeded, bool TimedOut, string? Message);
