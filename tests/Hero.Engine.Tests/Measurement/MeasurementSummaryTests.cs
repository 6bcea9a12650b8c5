using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using Hero.Measurement;

namespace Hero.Tests.Measurement;

/// <summary>A fixed set of runs injected into the summary: the statistics, outliers and warnings of
/// the HeroMeasurement, and the three exports written from it.</summary>
public sealed class MeasurementSummaryTests
{
    /// <summary>Twenty runs: eighteen near 10 ms and two planted slow ones (runs 8 and 16).</summary>
    private static readonly double[] Times =
        [0.0101, 0.0099, 0.0100, 0.0102, 0.0098, 0.0101, 0.0100, 0.0450, 0.0099, 0.0103,
         0.0100, 0.0097, 0.0101, 0.0100, 0.0102, 0.0990, 0.0099, 0.0100, 0.0101, 0.0098];

    private static List<HeroMeasurementRun> Runs(double[] seconds, Func<int, long?>? peak = null) =>
        seconds.Select((s, i) => new HeroMeasurementRun
        {
            Number = i + 1,
            Duration = TimeSpan.FromTicks((long)Math.Round(s * TimeSpan.TicksPerSecond)),
            UserTime = TimeSpan.FromMilliseconds(2),
            SystemTime = TimeSpan.FromMilliseconds(1),
            PeakMemoryBytes = peak?.Invoke(i),
            ExitCode = 0,
            Status = HeroTaskStatus.Succeeded,
        }).ToList();

    private static MeasurementSummary.Context Context(string name = "t", int warmup = 1, Dictionary<string, string>? parameters = null) =>
        new(name, "/bin/" + name, warmup, parameters ?? new Dictionary<string, string>(), HeroMeasurementSource.Rusage, HeroMeasurementSource.Sampling,
            false, DateTime.UtcNow, DateTime.UtcNow);

    private static double Seconds(TimeSpan value) => value.Ticks / (double)TimeSpan.TicksPerSecond;

    [Fact]
    public void StatisticsOfTheInjectedRuns()
    {
        HeroMeasurement m = MeasurementSummary.Build(Runs(Times), Context());
        double[] sorted = Times.OrderBy(t => t).ToArray();
        double mean = Times.Average();
        double sd = Math.Sqrt(Times.Sum(t => (t - mean) * (t - mean)) / (Times.Length - 1));
        Assert.Equal(mean, Seconds(m.Mean), 6);
        Assert.Equal(sd, Seconds(m.StdDev!.Value), 6);
        Assert.Equal((sorted[9] + sorted[10]) / 2, Seconds(m.Median), 6);
        Assert.Equal(sorted[0], Seconds(m.Min), 6);
        Assert.Equal(sorted[19], Seconds(m.Max), 6);

        // Type 7 on n = 20: P95 at h = 18.05, P99 at h = 18.81.
        Assert.Equal(sorted[18] + 0.05 * (sorted[19] - sorted[18]), Seconds(m.P95), 6);
        Assert.Equal(sorted[18] + 0.81 * (sorted[19] - sorted[18]), Seconds(m.P99), 6);
        Assert.Equal(sorted[5], Seconds(m.MedianCI!.Lower), 6);
        Assert.Equal(sorted[14], Seconds(m.MedianCI.Upper), 6);
        Assert.Equal(TimeSpan.FromMilliseconds(2), m.UserMean);
        Assert.Equal(TimeSpan.FromMilliseconds(1), m.SystemMean);
        Assert.Equal(HeroMeasurementSource.Rusage, m.CpuSource);
    }

    [Fact]
    public void PlantedOutliersOnlyAreFlaggedAndWarnedAbout()
    {
        HeroMeasurement m = MeasurementSummary.Build(Runs(Times), Context());
        Assert.Equal([8, 16], m.Outliers);
        Assert.Equal([8, 16], m.Runs.Where(r => r.IsOutlier).Select(r => r.Number));
        string warning = Assert.Single(m.Warnings);
        Assert.Contains("Statistical outliers were detected (runs 8, 16)", warning);
    }

    [Fact]
    public void SlowFirstRunGetsItsOwnWarning()
    {
        double[] times = [0.0500, .. Times.Where(t => t < 0.02)];
        HeroMeasurement m = MeasurementSummary.Build(Runs(times), Context(warmup: 0));
        Assert.Equal([1], m.Outliers);
        string warning = Assert.Single(m.Warnings);
        Assert.StartsWith("The first run was significantly slower than the rest (50.0 ms).", warning);
        Assert.Contains("Consider -Warmup", warning);
    }

    [Fact]
    public void UnmeasuredFiguresAreNullNotZero()
    {
        List<HeroMeasurementRun> runs = [.. Runs([0.01]).Select(r => new HeroMeasurementRun { Number = 1, Duration = r.Duration, Status = HeroTaskStatus.Succeeded })];
        HeroMeasurement m = MeasurementSummary.Build(runs, Context());
        Assert.Null(m.StdDev);
        Assert.Null(m.UserMean);
        Assert.Null(m.SystemMean);
        Assert.Null(m.PeakMemoryMax);
        Assert.Null(m.CpuSource);
        Assert.Null(m.MemorySource);
        Assert.Null(m.MedianCI);

        using JsonDocument json = JsonDocument.Parse(HyperfineJson.Serialize([m]));
        JsonElement result = json.RootElement.GetProperty("results")[0];
        Assert.Equal(JsonValueKind.Null, result.GetProperty("stddev").ValueKind);
        Assert.Equal(JsonValueKind.Null, result.GetProperty("user").ValueKind);
        Assert.False(result.TryGetProperty("memory_usage_byte", out _));
    }

    [Fact]
    public void JsonHasHyperfinesFieldsAndTheSameNumbers()
    {
        var parameters = new Dictionary<string, string> { ["n"] = "4" };
        HeroMeasurement m = MeasurementSummary.Build(Runs(Times, i => 1000 + i), Context(parameters: parameters));
        using JsonDocument json = JsonDocument.Parse(HyperfineJson.Serialize([m]));
        JsonElement result = json.RootElement.GetProperty("results")[0];
        Assert.Equal("t", result.GetProperty("command").GetString());
        Assert.Equal("/bin/t", result.GetProperty("hero").GetProperty("command").GetString());
        Assert.Equal(Seconds(m.Mean), result.GetProperty("mean").GetDouble());
        Assert.Equal(Seconds(m.Median), result.GetProperty("median").GetDouble());
        Assert.Equal(Seconds(m.StdDev!.Value), result.GetProperty("stddev").GetDouble());
        Assert.Equal(Seconds(m.Min), result.GetProperty("min").GetDouble());
        Assert.Equal(Seconds(m.Max), result.GetProperty("max").GetDouble());
        Assert.Equal(0.002, result.GetProperty("user").GetDouble(), 9);
        Assert.Equal(0.001, result.GetProperty("system").GetDouble(), 9);
        Assert.Equal(20, result.GetProperty("times").GetArrayLength());
        Assert.Equal(Seconds(m.Runs[7].Duration), result.GetProperty("times")[7].GetDouble());
        Assert.Equal(1007, result.GetProperty("memory_usage_byte")[7].GetInt64());
        Assert.All(result.GetProperty("exit_codes").EnumerateArray(), code => Assert.Equal(0, code.GetInt32()));
        Assert.Equal("4", result.GetProperty("parameters").GetProperty("n").GetString());
        JsonElement hero = result.GetProperty("hero");
        Assert.Equal(Seconds(m.P95), hero.GetProperty("p95").GetDouble());
        Assert.Equal(Seconds(m.MedianCI!.Lower), hero.GetProperty("median_ci").GetProperty("lower").GetDouble());
        Assert.Equal("Sampling", hero.GetProperty("memory_source").GetString());
        Assert.Equal(8, hero.GetProperty("outliers")[0].GetInt32());
    }

    private static HeroMeasurement Constant(string name, double seconds, double spread) =>
        MeasurementSummary.Build(Runs([seconds - spread, seconds, seconds + spread]), Context(name));

    [Fact]
    public void MarkdownTableAsHyperfineWritesIt()
    {
        HeroMeasurement fast = Constant("fast", 0.0116, 0.0001);
        HeroMeasurement slow = Constant("slow", 0.0217, 0.0001);
        string table = MarkdownTable.Render([fast, slow], null);
        string[] lines = table.TrimEnd('\n').Split('\n');
        Assert.Equal("| Command | Mean [ms] | Min [ms] | Max [ms] | Relative |", lines[0]);
        Assert.Equal("|:---|---:|---:|---:|---:|", lines[1]);
        Assert.Equal("| `fast` | 11.6 ± 0.1 | 11.5 | 11.7 | 1.00 |", lines[2]);
        Assert.Equal("| `slow` | 21.7 ± 0.1 | 21.6 | 21.8 | 1.87 ± 0.02 |", lines[3]);
    }

    [Fact]
    public void SummaryLinesCompareWithTheReference()
    {
        HeroMeasurement a = Constant("a", 0.0300, 0.0003);
        HeroMeasurement b = Constant("b", 0.0200, 0.0002);
        Assert.Equal(["'b' ran 1.50 ± 0.02 times faster than 'a'"], RelativeSpeed.SummaryLines([a, b], null));
        Assert.Equal(["'a' ran 1.50 ± 0.02 times slower than 'b'"], RelativeSpeed.SummaryLines([a, b], "a"));
    }

    [Fact]
    public void CsvHasHyperfinesColumnsThenHeros()
    {
        var parameters = new Dictionary<string, string> { ["n"] = "2" };
        HeroMeasurement m = MeasurementSummary.Build(Runs([0.01, 0.02, 0.03]),
            new MeasurementSummary.Context("a, \"quoted\"", "echo 'a, b'", 0, parameters, null, null, false, DateTime.UtcNow, DateTime.UtcNow));
        string[] lines = CsvTable.Render([m]).TrimEnd('\n').Split('\n');
        Assert.StartsWith("command,mean,stddev,median,user,system,min,max,parameter_n,hero_command,", lines[0]);
        Assert.StartsWith("\"a, \"\"quoted\"\"\",0.02,0.01,0.02,0.002,0.001,0.01,0.03,2,\"echo 'a, b'\",3,", lines[1]);
    }

    [Fact]
    public void AtomicWriteReplacesWholeFile()
    {
        string folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "hero-atomic-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(folder);
        try
        {
            string path = System.IO.Path.Combine(folder, "out.json");
            global::Hero.Reporting.AtomicFile.WriteAllBytes(path, Encoding.UTF8.GetBytes(new string('x', 10000)));
            global::Hero.Reporting.AtomicFile.WriteAllBytes(path, Encoding.UTF8.GetBytes("short"));
            Assert.Equal("short", System.IO.File.ReadAllText(path));
            Assert.Single(System.IO.Directory.GetFiles(folder));
        }
        finally
        {
            System.IO.Directory.Delete(folder, recursive: true);
        }
    }
}
