using System;
using System.Collections.Generic;

namespace Hero.Measurement;

/// <summary>hyperfine's outlier rule (Iglewicz and Hoaglin): the modified Z-score of a value is its
/// distance from the median in units of the median absolute deviation (MAD), and a value is an
/// outlier when that score is above 1.4826 x 10, i.e. ten standard deviations once 1.4826 turns the
/// MAD into an estimate of the standard deviation. Robust where mean and standard deviation are not:
/// the outliers themselves barely move the median and the MAD.</summary>
internal static class OutlierDetection
{
    public const double Threshold = 1.4826 * 10.0;

    public static double[] ModifiedZScores(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return [];
        double median = SampleStatistics.Median(SampleStatistics.Sorted(values));
        var deviations = new double[values.Count];
        for (int i = 0; i < values.Count; i++) deviations[i] = Math.Abs(values[i] - median);
        double mad = SampleStatistics.Median(SampleStatistics.Sorted(deviations));

        // Identical values give a MAD of 0: anything different from them is then an outlier.
        if (mad <= 0) mad = double.Epsilon;
        var scores = new double[values.Count];
        for (int i = 0; i < values.Count; i++) scores[i] = (values[i] - median) / mad;
        return scores;
    }

    /// <summary>0-based indexes of the outliers, in run order.</summary>
    public static List<int> Outliers(IReadOnlyList<double> values)
    {
        double[] scores = ModifiedZScores(values);
        var outliers = new List<int>();
        for (int i = 0; i < scores.Length; i++)
        {
            if (Math.Abs(scores[i]) > Threshold) outliers.Add(i);
        }

        return outliers;
    }
}
