using System;
using System.Collections.Generic;
using System.Linq;

namespace Hero.Measurement;

/// <summary>Turns the timed runs of one target into a <see cref="HeroMeasurement"/>: the statistics
/// of the wall times, the means of CPU and memory over the runs that have them, outliers and warnings.</summary>
internal static class MeasurementSummary
{
    public sealed record Context(
        string Name,
        string Command,
        int Warmup,
        IReadOnlyDictionary<string, string> Parameters,
        HeroMeasurementSource? CpuSource,
        HeroMeasurementSource? MemorySource,
        bool PrepareUsed,
        DateTime StartTime,
        DateTime EndTime);

    public static HeroMeasurement Build(IReadOnlyList<HeroMeasurementRun> runs, Context context)
    {
        if (runs.Count == 0) throw new ArgumentException("A measurement needs at least one run.", nameof(runs));
        double[] seconds = runs.Select(r => Seconds.Of(r.Duration)).ToArray();
        double[] sorted = SampleStatistics.Sorted(seconds);
        List<int> outliers = OutlierDetection.Outliers(seconds);
        foreach (int index in outliers) runs[index].IsOutlier = true;

        TimeSpan[] user = runs.Where(r => r.UserTime is not null).Select(r => r.UserTime!.Value).ToArray();
        TimeSpan[] system = runs.Where(r => r.SystemTime is not null).Select(r => r.SystemTime!.Value).ToArray();
        long[] peaks = runs.Where(r => r.PeakMemoryBytes is not null).Select(r => r.PeakMemoryBytes!.Value).ToArray();
        double? deviation = SampleStatistics.StandardDeviation(seconds);
        return new HeroMeasurement
        {
            Name = context.Name,
            Command = context.Command,
            Runs = runs,
            Warmup = context.Warmup,
            Mean = Seconds.ToTimeSpan(SampleStatistics.Mean(seconds)),
            StdDev = deviation is { } d ? Seconds.ToTimeSpan(d) : null,
            Median = Seconds.ToTimeSpan(SampleStatistics.Median(sorted)),
            Min = Seconds.ToTimeSpan(sorted[0]),
            Max = Seconds.ToTimeSpan(sorted[sorted.Length - 1]),
            P95 = Seconds.ToTimeSpan(SampleStatistics.Percentile(sorted, 0.95)),
            P99 = Seconds.ToTimeSpan(SampleStatistics.Percentile(sorted, 0.99)),
            MedianCI = MedianInterval.Of(sorted),
            UserMean = MeanOf(user),
            SystemMean = MeanOf(system),
            PeakMemoryMax = peaks.Length > 0 ? peaks.Max() : null,
            PeakMemoryMean = peaks.Length > 0 ? (long)Math.Round(peaks.Average()) : null,
            CpuSource = user.Length > 0 ? context.CpuSource : null,
            MemorySource = peaks.Length > 0 ? context.MemorySource : null,
            Outliers = outliers.Select(i => runs[i].Number).ToArray(),
            Warnings = MeasurementWarnings.For(runs, seconds, outliers, context.Warmup > 0, context.PrepareUsed),
            ExitCodes = runs.Select(r => r.ExitCode).ToArray(),
            Parameters = context.Parameters,
            StartTime = context.StartTime,
            EndTime = context.EndTime,
        };
    }

    private static TimeSpan? MeanOf(TimeSpan[] values) =>
        values.Length == 0 ? null : TimeSpan.FromTicks((long)Math.Round(values.Average(v => (double)v.Ticks)));
}
