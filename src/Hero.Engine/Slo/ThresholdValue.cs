namespace Hero.Slo;

/// <summary>The value side of a threshold, reduced to Factor × baseline + Offset: the grammar allows
/// + - * / and parentheses, but only in ways that keep it linear in the baseline. The offset is in
/// base units (seconds, bytes, a fraction) of <see cref="OffsetDimension"/>, null when there is no
/// constant term. <see cref="UnitlessColumn"/> marks a plain number, for the error when the metric
/// needs a unit.</summary>
internal sealed record ThresholdValue(double Factor, double Offset, ThresholdDimension? OffsetDimension, int Column, int? UnitlessColumn = null)
{
    public bool HasBaseline => Factor != 0;

    /// <summary>A pure multiple of the baseline ('1.15 * baseline'): compared as a ratio.</summary>
    public bool IsRatio => HasBaseline && (OffsetDimension is null || Offset == 0);
}
