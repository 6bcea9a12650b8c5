namespace Hero.Slo;

/// <summary>What a threshold value measures, decided by its unit: a plain number, a time (seconds),
/// a size (bytes) or a fraction ('99%' is 0.99).</summary>
internal enum ThresholdDimension
{
    Number,
    Time,
    Size,
    Fraction,
}
