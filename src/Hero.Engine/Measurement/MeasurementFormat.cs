using System;
using System.Globalization;

namespace Hero.Measurement;

/// <summary>Durations and sizes for messages and summaries, in the unit a person would pick.</summary>
internal static class MeasurementFormat
{
    public static string Duration(TimeSpan value)
    {
        double seconds = Seconds.Of(value);
        return Math.Abs(seconds) < 1
            ? (seconds * 1000).ToString("0.0", CultureInfo.InvariantCulture) + " ms"
            : seconds.ToString("0.000", CultureInfo.InvariantCulture) + " s";
    }
}
