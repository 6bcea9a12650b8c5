using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Hero.Logging;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Hero.Tests.Logging;

/// <summary>Get-HeroLog's message for an event without @m against Serilog's own rendering of the same
/// event in memory: Serilog logs it, CompactJsonFormatter writes it (no @m), Hero reads it back.</summary>
public sealed class ClefRenderingTests : IDisposable
{
    private readonly string _scratch = Path.Combine(Path.GetTempPath(), "hero-render-" + Guid.NewGuid().ToString("N"));

    public ClefRenderingTests() => Directory.CreateDirectory(_scratch);

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    public sealed class Person
    {
        public string Name { get; set; } = "ann";

        public int Age { get; set; } = 42;
    }

    private sealed class Capture : ILogEventSink
    {
        public List<LogEvent> Events { get; } = [];

        public void Emit(LogEvent logEvent) => Events.Add(logEvent);
    }

    /// <summary>Templates and values whose JSON form carries everything rendering needs (a dictionary
    /// or a DateTime comes back from CLEF as a structure or a string, in Serilog's reader too).</summary>
    private static readonly (string Template, object?[] Values)[] Cases =
    [
        ("Hello, {Name}!", ["ann"]),
        ("Hello, {Name:l}!", ["ann"]),
        ("Quoted {Text} and literal {Text2:l}", ["say \"hi\" \\ there", "say \"hi\""]),
        ("At {@Point}", [new { X = 1, Y = 2 }]),
        ("Who {@Person}", [new Person()]),
        ("Nested {@Config}", [new { Inner = new { A = "x", B = (string?)null }, List = new[] { 1, 2 } }]),
        ("Items {Items} names {Names}", [new[] { 1, 2, 3 }, new[] { "a", "b" }]),
        ("Took {Ms:0.00} ms, code {Code:D3}, hex {Hex:x}", [1234.5678, 7, 255]),
        ("[{Pad,8}] [{Left,-6}] [{Both,6:0.0}]", ["right", "left", 3.14159]),
        ("{Missing} stays and {{literal}} {A}", [1]),
        ("Flag {Flag} nothing {Nothing} big {Big} negative {Neg}", [true, null, long.MaxValue, -1.5]),
        ("{0} and {1}", ["first", 2]),
        ("Stringified {$Obj}", [new { X = 1 }]),
        ("Empty {Empty} and {@EmptyObject}", ["", new { }]),
        ("Unicode {U}", ["naïve ✓ \u001b[31m"]),
        ("No holes at all", []),
        ("Broken { hole and } brace {", []),
    ];

    [Fact]
    public void Messages_render_exactly_as_Serilog_renders_them()
    {
        var capture = new Capture();
        using (Logger logger = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(capture).CreateLogger())
        {
            foreach ((string template, object?[] values) in Cases) logger.Information(template, values);
        }

        string path = Path.Combine(_scratch, "serilog.clef");
        using (var writer = new StreamWriter(path))
        {
            var formatter = new CompactJsonFormatter();
            foreach (LogEvent logEvent in capture.Events) formatter.Format(logEvent, writer);
        }

        Assert.DoesNotContain("\"@m\"", File.ReadAllText(path), StringComparison.Ordinal);
        List<HeroLogEvent> read = ClefReader.Read(path, (_, line, problem) => Assert.Fail($"line {line}: {problem}")).ToList();
        Assert.Equal(Cases.Length, read.Count);
        for (int i = 0; i < Cases.Length; i++)
        {
            Assert.Equal(capture.Events[i].RenderMessage(CultureInfo.InvariantCulture), read[i].Message);
        }
    }

    [Theory]
    [InlineData("Hello, {Name}", "{\"Name\":\"ann\"}", "Hello, \"ann\"")]
    [InlineData("Hello, {Name:l}", "{\"Name\":\"ann\"}", "Hello, ann")]
    [InlineData("{@S}", "{\"S\":{\"X\":1}}", "{ X: 1 }")]
    [InlineData("{@S}", "{\"S\":{\"$type\":\"Point\",\"X\":1,\"Y\":2}}", "Point { X: 1, Y: 2 }")]
    [InlineData("{S}", "{\"S\":[\"a\",1,null,true]}", "[\"a\", 1, null, True]")]
    [InlineData("{task}", "{\"Task\":\"build\"}", "{task}")]
    [InlineData("{S}", "{\"S\":{\"a\":1,\"a\":2}}", "{ a: 2 }")]
    public void What_Seq_shows_for_a_CLEF_line_is_what_Get_HeroLog_shows(string template, string properties, string expected)
    {
        string path = Path.Combine(_scratch, "line.clef");
        File.WriteAllText(path, "{\"@t\":\"2026-01-01T00:00:00Z\",\"@mt\":\"" + template.Replace("\"", "\\\"") + "\"," + properties.Substring(1) + "\n");
        HeroLogEvent e = Assert.Single(ClefReader.Read(path, (_, line, problem) => Assert.Fail($"line {line}: {problem}")));
        Assert.Equal(expected, e.Message);
    }
}
