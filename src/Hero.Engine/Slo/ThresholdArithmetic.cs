namespace Hero.Slo;

/// <summary>+ - * / on threshold values, kept linear in the baseline and consistent in units: a time
/// plus a time, a number times a size, a value divided by a plain number.</summary>
internal static class ThresholdArithmetic
{
    public static ThresholdValue Negate(ThresholdValue value) => value with { Factor = -value.Factor, Offset = -value.Offset };

    public static ThresholdValue Add(ThresholdValue left, ThresholdValue right, int column)
    {
        ThresholdDimension? dimension = left.OffsetDimension ?? right.OffsetDimension;
        if (left.OffsetDimension is { } a && right.OffsetDimension is { } b && a != b)
        {
            // A plain number beside a unit is a missing unit ('2s + 500'), said as such.
            if (a == ThresholdDimension.Number || b == ThresholdDimension.Number)
            {
                throw new ThresholdSyntaxException($"cannot add {SloUnits.Describe(a)} and {SloUnits.Describe(b)}; give both the same unit.", (a == ThresholdDimension.Number ? left : right).Column);
            }

            throw new ThresholdSyntaxException($"cannot add {SloUnits.Describe(a)} and {SloUnits.Describe(b)}.", column);
        }

        return new ThresholdValue(left.Factor + right.Factor, left.Offset + right.Offset, dimension, left.Column, left.UnitlessColumn ?? right.UnitlessColumn);
    }

    public static ThresholdValue Multiply(ThresholdValue left, ThresholdValue right, int column)
    {
        if (left.HasBaseline && right.HasBaseline) throw new ThresholdSyntaxException("cannot multiply the baseline by itself.", column);
        bool leftPlain = IsPlainNumber(left);
        bool rightPlain = IsPlainNumber(right);
        if (!leftPlain && !rightPlain)
        {
            throw new ThresholdSyntaxException("cannot multiply two quantities; one side of '*' must be a plain number.", column);
        }

        (ThresholdValue scalar, ThresholdValue other) = rightPlain ? (right, left) : (left, right);
        double k = scalar.Offset;
        return new ThresholdValue(other.Factor * k, other.Offset * k, other.OffsetDimension, left.Column, other.UnitlessColumn);
    }

    public static ThresholdValue Divide(ThresholdValue left, ThresholdValue right, int column)
    {
        if (!IsPlainNumber(right)) throw new ThresholdSyntaxException("can only divide by a plain number.", column);
        if (right.Offset == 0) throw new ThresholdSyntaxException("division by zero.", right.Column);
        double k = 1 / right.Offset;
        return new ThresholdValue(left.Factor * k, left.Offset * k, left.OffsetDimension, left.Column, left.UnitlessColumn);
    }

    private static bool IsPlainNumber(ThresholdValue value) => !value.HasBaseline && value.OffsetDimension == ThresholdDimension.Number;
}
