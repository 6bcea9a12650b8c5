using System;
using System.Collections.Generic;
using System.Globalization;

namespace Hero.Slo;

/// <summary>The units a threshold may carry, and how results show their values. Sizes are binary
/// (KB = KiB = 1024 bytes), as Hero's size parameters and PowerShell's 1KB literal are.</summary>
internal static class SloUnits
{
    public const string Seconds = "seconds";
    public const string Bytes = "bytes";
    public const string Fraction = "fraction";
    public const string Count = "count";
    public const string Ratio = "ratio";
    public const string Number = "number";

    private static readonly Dictionary<string, (ThresholdDimension Dimension, double Factor)> Units = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ns"] = (ThresholdDimension.Time, 1e-9),
        ["us"] = (ThresholdDimension.Time, 1e-6),
        ["µs"] = (ThresholdDimension.Time, 1e-6),
        ["ms"] = (ThresholdDimension.Time, 1e-3),
        ["s"] = (ThresholdDimension.Time, 1),
        ["sec"] = (ThresholdDimension.Time, 1),
        ["secs"] = (ThresholdDimension.Time, 1),
        ["second"] = (ThresholdDimension.Time, 1),
        ["seconds"] = (ThresholdDimension.Time, 1),
        ["m"] = (ThresholdDimension.Time, 60),
        ["min"] = (ThresholdDimension.Time, 60),
        ["mins"] = (ThresholdDimension.Time, 60),
        ["minute"] = (ThresholdDimension.Time, 60),
        ["minutes"] = (ThresholdDimension.Time, 60),
        ["h"] = (ThresholdDimension.Time, 3600),
        ["hr"] = (ThresholdDimension.Time, 3600),
        ["hour"] = (ThresholdDimension.Time, 3600),
        ["hours"] = (ThresholdDimension.Time, 3600),
        ["d"] = (ThresholdDimension.Time, 86400),
        ["day"] = (ThresholdDimension.Time, 86400),
        ["days"] = (ThresholdDimension.Time, 86400),
        ["b"] = (ThresholdDimension.Size, 1),
        ["byte"] = (ThresholdDimension.Size, 1),
        ["bytes"] = (ThresholdDimension.Size, 1),
        ["kb"] = (ThresholdDimension.Size, 1024d),
        ["kib"] = (ThresholdDimension.Size, 1024d),
        ["mb"] = (ThresholdDimension.Size, 1024d * 1024),
        ["mib"] = (ThresholdDimension.Size, 1024d * 1024),
        ["gb"] = (ThresholdDimension.Size, 1024d * 1024 * 1024),
        ["gib"] = (ThresholdDimension.Size, 1024d * 1024 * 1024),
        ["tb"] = (ThresholdDimension.Size, 1024d * 1024 * 1024 * 1024),
        ["tib"] = (ThresholdDimension.Size, 1024d * 1024 * 1024 * 1024),
    };

    public static bool TryUnit(string word, out ThresholdDimension dimension, out double factor)
    {
        if (Units.TryGetValue(word, out var unit))
        {
            dimension = unit.Dimension;
            factor = unit.Factor;
            return true;
        }

        dimension = ThresholdDimension.Number;
        factor = 1;
        return false;
    }

    public static string Describe(ThresholdDimension dimension) => dimension switch
    {
        ThresholdDimension.Time => "a time",
        ThresholdDimension.Size => "a size",
        ThresholdDimension.Fraction => "a percentage",
        _ => "a plain number",
    };

    public static string UnitOf(ThresholdDimension dimension) => dimension switch
    {
        ThresholdDimension.Time => Seconds,
        ThresholdDimension.Size => Bytes,
        ThresholdDimension.Fraction => Fraction,
        _ => Number,
    };

    public static string Format(double value, string unit)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        switch (unit)
        {
            case Seconds:
                double magnitude = Math.Abs(value);
                if (magnitude != 0 && magnitude < 1e-3) return (value * 1e6).ToString("0.#", c) + " µs";
                if (magnitude < 1) return (value * 1e3).ToString("0.##", c) + " ms";
                return value.ToString("0.###", c) + " s";
            case Bytes:
                return value < 0 ? value.ToString("0", c) + " B" : Text.SizeParser.Format((long)Math.Round(value));
            case Fraction:
                return (value * 100).ToString("0.##", c) + "%";
            case Ratio:
                return value.ToString("0.###", c) + "x";
            default:
                return value.ToString("G6", c);
        }
    }
}
