using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;

namespace Hero.Reporting;

/// <summary>One JSON object per line per task result (-ResultPath): the fields of HeroTaskResult,
/// times in UTC ISO-8601 with milliseconds, durations in milliseconds, sizes in bytes. Lines are
/// appended, so several runs (or CI shards) can share a file and Test-HeroSlo can read them all.</summary>
public sealed class ResultJsonWriter : IDisposable
{
    public const int MaxTailChars = 4096;

    private readonly object _gate = new();
    private readonly FileStream _file;

    public ResultJsonWriter(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        _file = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
    }

    public string Path { get; }

    public void Write(HeroTaskResult result)
    {
        byte[] json = JsonBytes(result);
        byte[] line = new byte[json.Length + 1];
        Buffer.BlockCopy(json, 0, line, 0, json.Length);
        line[json.Length] = (byte)'\n';
        lock (_gate)
        {
            // One write per line: concurrent writers to the same file never interleave a line.
            _file.Write(line, 0, line.Length);
            _file.Flush();
        }
    }

    public static string ToJson(HeroTaskResult result) => Encoding.UTF8.GetString(JsonBytes(result));

    private static byte[] JsonBytes(HeroTaskResult result)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("name", result.Name);
            json.WriteString("correlationId", result.CorrelationId);
            json.WriteString("spanId", result.SpanId);
            json.WriteString("status", result.Status.ToString());
            json.WriteNumber("exitCode", result.ExitCode);
            json.WriteNumber("attempts", result.Attempts);
            json.WriteString("startTime", Iso(result.StartTime));
            json.WriteString("endTime", Iso(result.EndTime));
            json.WriteNumber("durationMs", Math.Round(result.Duration.TotalMilliseconds, 3));
            WriteNullable(json, "peakMemoryBytes", result.PeakMemoryBytes);
            if (result.CpuTime is { } cpu) json.WriteNumber("cpuTimeMs", Math.Round(cpu.TotalMilliseconds, 3));
            else json.WriteNull("cpuTimeMs");
            json.WriteNumber("killedProcessCount", result.KilledProcessCount);
            json.WriteBoolean("truncated", result.Truncated);
            json.WriteString("command", result.Command);
            if (result.Message is null) json.WriteNull("message");
            else json.WriteString("message", result.Message);
            WriteNullable(json, "signal", result.Signal);
            json.WriteString("stdOutTail", Tail(result.StdOut, MaxTailChars));
            json.WriteString("stdErrTail", Tail(result.StdErr, MaxTailChars));
            json.WriteString("host", Environment.MachineName);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    internal static string Iso(DateTime time) =>
        (time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : DateTime.SpecifyKind(time, DateTimeKind.Utc))
            .ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    /// <summary>The last <paramref name="max"/> characters: the end of a child's output says why it failed.</summary>
    internal static string Tail(string text, int max) => text.Length <= max ? text : text.Substring(text.Length - max);

    private static void WriteNullable(Utf8JsonWriter json, string name, long? value)
    {
        if (value is long number) json.WriteNumber(name, number);
        else json.WriteNull(name);
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, int? value)
    {
        if (value is int number) json.WriteNumber(name, number);
        else json.WriteNull(name);
    }

    public void Dispose() => _file.Dispose();
}
