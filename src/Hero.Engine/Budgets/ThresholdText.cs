using System;
using System.Globalization;

namespace Hero.Budgets;

/// <summary>Values of imported budgets written back as threshold text in one normal form:
/// durations in whole seconds or milliseconds ('20s', '250ms'), sizes in the largest binary unit
/// that divides them ('4GiB', '512MiB', '500KiB'), shares as percentages ('80%').</summary>
internal static class ThresholdText
{
    public static string Duration(double seconds)
    {
        double ms = Math.Round(seconds * 1000, 6);
        if (ms % 1000 == 0) return (ms / 1000).ToString("0", CultureInfo.InvariantCulture) + "s";
        return ms.ToString("0.######", CultureInfo.InvariantCulture) + "ms";
    }

    public static string Size(double bytes)
    {
        string[] units = ["TiB", "GiB", "MiB", "KiB"];
        for (int i = 0; i < units.Length; i++)
        {
            double factor = Math.Pow(1024, units.Length - i);
            if (bytes >= factor && bytes % factor == 0) return (bytes / factor).ToString("0", CultureInfo.InvariantCulture) + units[i];
        }

        return bytes.ToString("0.######", CultureInfo.InvariantCulture) + "B";
    }

    public static string Percent(double percent) => percent.ToString("0.######", CultureInfo.InvariantCulture) + "%";

    public static string Number(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
