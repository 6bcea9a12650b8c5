using System;

namespace Hero.Slo;

/// <summary>A threshold that does not parse, or does not fit its metric: the reason and the 1-based
/// column of the problem.</summary>
internal sealed class ThresholdSyntaxException(string reason, int column) : FormatException(reason)
{
    public string Reason { get; } = reason;

    public int Column { get; } = column;
}
