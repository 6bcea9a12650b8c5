using System;
using System.Globalization;
using Hero.Text;

namespace Hero.Health;

/// <summary>How little free space (disk or memory) is too little: a size ('2GB', 1073741824) or a
/// share of the total ('10%').</summary>
public sealed class CapacityThreshold
{
    private CapacityThreshold(double? percent, long bytes)
    {
        Percent = percent;
        Bytes = bytes;
    }

    public double? Percent { get; }

    public long Bytes { get; }

    public static CapacityThreshold Parse(object value)
    {
        string? text = value as string;
        if (text is not null && text.Trim().EndsWith("%", StringComparison.Ordinal))
        {
            string number = text.Trim().TrimEnd('%').Trim();
            if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double percent) || percent < 0 || percent > 100)
            {
                throw new FormatException($"'{text}' is not a percentage from 0% to 100%.");
            }

            return new CapacityThreshold(percent, 0);
        }

        return new CapacityThreshold(null, SizeParser.Parse(value));
    }

    /// <summary>True when <paramref name="free"/> of <paramref name="total"/> is below the threshold.</summary>
    public bool IsBreached(long free, long total) =>
        Percent is double percent ? total > 0 && free * 100.0 / total < percent : free < Bytes;

    public override string ToString() =>
        Percent is double percent ? "< " + percent.ToString("0.##", CultureInfo.InvariantCulture) + "%" : "< " + SizeParser.Format(Bytes);
}
