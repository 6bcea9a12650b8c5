using System;
using System.IO;
using System.Linq;
using Hero.Slo;

namespace Hero.Tests.Slo;

/// <summary>Result files: Hero JSON lines and hyperfine JSON; a bad line is named by file and line
/// and the rest still counts; an empty file is a problem, not zero results.</summary>
public sealed class SloInputReaderTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hero-slo-" + Guid.NewGuid().ToString("N"));

    public SloInputReaderTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string File(string name, string text)
    {
        string path = Path.Combine(_folder, name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void JsonLinesWithABadLine()
    {
        string path = File("r.jsonl",
            "{\"name\":\"a\",\"status\":\"Succeeded\",\"exitCode\":0,\"durationMs\":1500,\"peakMemoryBytes\":1024,\"cpuTimeMs\":200}\n"
            + "{\"name\":\"b\",\"status\":\"Succ\n"
            + "{\"name\":\"c\",\"status\":\"TimedOut\",\"exitCode\":124,\"durationMs\":3000,\"peakMemoryBytes\":null,\"cpuTimeMs\":null}\n"
            + "{\"name\":\"d\",\"status\":\"Skipped\",\"exitCode\":0,\"durationMs\":0}\n");
        SloInputReader.Reading reading = SloInputReader.Read(path);
        Assert.Equal(["a", "c"], reading.Samples.Select(s => s.Task));
        Assert.Equal(new SloSample("a", 1.5, 0.2, 1024, true, 0), reading.Samples[0]);
        Assert.Equal(new SloSample("c", 3, null, null, false, 124), reading.Samples[1]);
        HeroFileFormatException problem = Assert.Single(reading.Problems);
        Assert.Equal(2, problem.Line);
        Assert.StartsWith($"'{path}', line 2", problem.Message);
    }

    [Fact]
    public void HyperfineJsonGivesOneSamplePerRun()
    {
        string path = File("h.json", "{\n  \"results\": [\n    { \"command\": \"sleep\", \"mean\": 0.1, \"times\": [0.1, 0.2, 0.3], \"exit_codes\": [0, 0, 2], \"memory_usage_byte\": [10, null, 30],\n      \"hero\": { \"user_times\": [0.01, 0.02, 0.03], \"system_times\": [0.001, 0.002, 0.003] } }\n  ]\n}\n");
        SloInputReader.Reading reading = SloInputReader.Read(path);
        Assert.Empty(reading.Problems);
        Assert.Equal([0.1, 0.2, 0.3], reading.Samples.Select(s => s.Duration!.Value));
        Assert.Equal([true, true, false], reading.Samples.Select(s => s.Success));
        Assert.Null(reading.Samples[1].Memory);
        Assert.Equal(0.033, reading.Samples[2].Cpu!.Value, 9);
    }

    [Fact]
    public void AnEmptyFileIsAProblem()
    {
        HeroFileFormatException problem = Assert.Single(SloInputReader.Read(File("empty.jsonl", "\n")).Problems);
        Assert.Contains("empty", problem.Reason);
    }

    [Fact]
    public void AMissingFileIsAProblem() =>
        Assert.Contains("does not exist", Assert.Single(SloInputReader.Read(Path.Combine(_folder, "nope.jsonl")).Problems).Reason);

    [Fact]
    public void TheBaselineWriterWritesWhatTheReaderReads()
    {
        string path = Path.Combine(_folder, "baseline.jsonl");
        var samples = new[] { new SloSample("a", 0.125, 0.05, 2048, true, 0), new SloSample("a", 0.25, null, null, false, 3) };
        BaselineWriter.Write(path, samples);
        Assert.Equal(samples, SloInputReader.Read(path).Samples);
    }
}
