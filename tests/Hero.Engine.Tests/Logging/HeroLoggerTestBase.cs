using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Hero.Logging;
using Hero.Security;

namespace Hero.Tests.Logging;

/// <summary>What the logger tests share. Each test has a logger and secrets of its own: nothing is
/// shared with the process's HeroLog, so these run beside every other test.</summary>
public abstract class HeroLoggerTestBase : IDisposable
{
    protected SecretMasker Masker { get; } = new();
    protected HeroLogger Log { get; }
    protected const string Trace = "4bf92f3577b34da6a3ce929d0e0e4736";
    protected const string Span = "00f067aa0ba902b7";
    protected static readonly TimeSpan FlushWait = TimeSpan.FromSeconds(10);
    protected string Scratch { get; } = Path.Combine(Path.GetTempPath(), "hero-log-" + Guid.NewGuid().ToString("N"));

    protected HeroLoggerTestBase()
    {
        Directory.CreateDirectory(Scratch);
        Log = new HeroLogger(new HeroLoggingConfiguration(), Masker);
    }

    public void Dispose()
    {
        Log.Shutdown(FlushWait);
        Directory.Delete(Scratch, recursive: true);
        GC.SuppressFinalize(this);
    }

    protected string LogPath => Path.Combine(Scratch, "hero.clef");

    protected static IEnumerable<KeyValuePair<string, object?>> Props(params (string Name, object? Value)[] pairs) =>
        pairs.Select(p => new KeyValuePair<string, object?>(p.Name, p.Value));

    protected void Configure(HeroLogLevel minimum = HeroLogLevel.Verbose, HeroLogFormat format = HeroLogFormat.Clef)
    {
        string? warning = Log.Configure(new HeroLoggingConfiguration { Path = LogPath, MinimumLevel = minimum, Format = format });
        Assert.Null(warning);
    }

    /// <summary>Everything written so far, read while the logger still holds the file.</summary>
    protected string[] Lines()
    {
        Assert.True(Log.Flush(FlushWait), "flush timed out");
        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd().Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToArray();
    }

    protected JsonElement[] Events() => Lines().Select(line =>
    {
        using JsonDocument document = JsonDocument.Parse(line);
        Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
        return document.RootElement.Clone();
    }).ToArray();

    protected static string? Str(JsonElement e, string name) => e.TryGetProperty(name, out JsonElement v) ? v.ToString() : null;
}
