using System;

namespace Hero.Measurement;

/// <summary>Statistics are computed on seconds as doubles; results are TimeSpans (100 ns ticks).
/// Exports write the TimeSpans back as seconds, so a file and the object it came from agree exactly.</summary>
internal static class Seconds
{
    public static TimeSpan ToTimeSpan(double seconds) => TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));

    public static double Of(TimeSpan value) => (double)value.Ticks / TimeSpan.TicksPerSecond;

    public static TimeSpan FromStopwatch(long elapsedTicks) =>
        TimeSpan.FromTicks((long)Math.Round(elapsedTicks * ((double)TimeSpan.TicksPerSecond / System.Diagnostics.Stopwatch.Frequency)));
}
