using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Hero.Logging;

namespace Hero.Tests.Logging;

public sealed class ClefReaderTests : IDisposable
{
    private readonly string _scratch = Path.Combine(Path.GetTempPath(), "hero-clef-" + Guid.NewGuid().ToString("N"));

    public ClefReaderTests() => Directory.CreateDirectory(_scratch);

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    private string WriteFile(params string[] lines)
    {
        string path = Path.Combine(_scratch, "log-" + Guid.NewGuid().ToString("N") + ".clef");
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
        return path;
    }

    private static List<HeroLogEvent> ReadAll(string path, List<(string Path, int Line, string Problem)>? bad = null)
    {
        bad ??= [];
        List<(string, int, string)> sink = bad;
        return ClefReader.Read(path, (p, n, problem) => sink.Add((p, n, problem))).ToList();
    }

    private HeroLogEvent ReadOne(string line)
    {
        var bad = new List<(string, int, string)>();
        HeroLogEvent e = Assert.Single(ReadAll(WriteFile(line), bad));
        Assert.Empty(bad);
        return e;
    }

    [Fact]
    public void Reads_the_reserved_fields()
    {
        HeroLogEvent e = ReadOne(
            "{\"@t\":\"2024-05-06T07:08:09.1234567Z\",\"@mt\":\"Task {Task} failed\",\"@m\":\"Task build failed\",\"@l\":\"Error\"," +
            "\"@x\":\"System.Exception: boom\\n   at X.Y()\",\"@tr\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"@sp\":\"00f067aa0ba902b7\"," +
            "\"@i\":\"a1b2c3d4\",\"@r\":[\"x\"],\"Task\":\"build\"}");

        Assert.Equal(new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc).AddTicks(1234567), e.Timestamp);
        Assert.Equal(DateTimeKind.Utc, e.Timestamp.Kind);
        Assert.Equal("Task {Task} failed", e.MessageTemplate);
        Assert.Equal("Task build failed", e.Message);
        Assert.Equal(HeroLogLevel.Error, e.Level);
        Assert.Equal("System.Exception: boom\n   at X.Y()", e.Exception);
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", e.TraceId);
        Assert.Equal("00f067aa0ba902b7", e.SpanId);
        Assert.Equal(["Task"], e.Properties.Keys.ToArray());
        Assert.Equal(1, e.LineNumber);
    }

    [Fact]
    public void A_timestamp_with_an_offset_is_converted_to_utc()
    {
        HeroLogEvent e = ReadOne("{\"@t\":\"2024-05-06T09:08:09.000+02:00\",\"@mt\":\"x\"}");
        Assert.Equal(new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc), e.Timestamp);
        Assert.Equal(DateTimeKind.Utc, e.Timestamp.Kind);
    }

    [Theory]
    [InlineData(null, HeroLogLevel.Information)]
    [InlineData("Verbose", HeroLogLevel.Verbose)]
    [InlineData("vrb", HeroLogLevel.Verbose)]
    [InlineData("trace", HeroLogLevel.Verbose)]
    [InlineData("Debug", HeroLogLevel.Debug)]
    [InlineData("dbg", HeroLogLevel.Debug)]
    [InlineData("Information", HeroLogLevel.Information)]
    [InlineData("inf", HeroLogLevel.Information)]
    [InlineData("Info", HeroLogLevel.Information)]
    [InlineData("Warning", HeroLogLevel.Warning)]
    [InlineData("Warn", HeroLogLevel.Warning)]
    [InlineData("wrn", HeroLogLevel.Warning)]
    [InlineData("WRN", HeroLogLevel.Warning)]
    [InlineData("Error", HeroLogLevel.Error)]
    [InlineData("err", HeroLogLevel.Error)]
    [InlineData("eror", HeroLogLevel.Error)]
    [InlineData("Fatal", HeroLogLevel.Fatal)]
    [InlineData("ftl", HeroLogLevel.Fatal)]
    [InlineData("critical", HeroLogLevel.Fatal)]
    [InlineData("no-such-level", HeroLogLevel.Information)]
    [InlineData("3", HeroLogLevel.Information)]
    public void Reads_level_names_and_abbreviations(string? level, HeroLogLevel expected)
    {
        string field = level is null ? string.Empty : $",\"@l\":\"{level}\"";
        Assert.Equal(expected, ReadOne("{\"@t\":\"2024-01-01T00:00:00Z\",\"@mt\":\"x\"" + field + "}").Level);
    }

    [Fact]
    public void Reads_properties_of_every_json_kind()
    {
        HeroLogEvent e = ReadOne(
            "{\"@t\":\"2024-01-01T00:00:00Z\",\"@mt\":\"x\",\"Count\":42,\"Big\":9007199254740993,\"Ratio\":0.25,\"Ok\":true,\"No\":false," +
            "\"Nothing\":null,\"Name\":\"bob\",\"List\":[1,\"two\",[3],{\"k\":null}],\"Obj\":{\"A\":1,\"B\":{\"C\":[true]}}}");

        Assert.Equal(42L, Assert.IsType<long>(e.Properties["Count"]));
        Assert.Equal(9007199254740993L, Assert.IsType<long>(e.Properties["Big"]));
        Assert.Equal(0.25, Assert.IsType<double>(e.Properties["Ratio"]));
        Assert.True(Assert.IsType<bool>(e.Properties["Ok"]));
        Assert.False(Assert.IsType<bool>(e.Properties["No"]));
        Assert.True(e.Properties.ContainsKey("Nothing"));
        Assert.Null(e.Properties["Nothing"]);
        Assert.Equal("bob", e.Properties["name"]);

        object?[] list = Assert.IsType<object?[]>(e.Properties["List"]);
        Assert.Equal(4, list.Length);
        Assert.Equal(1L, list[0]);
        Assert.Equal("two", list[1]);
        Assert.Equal([3L], Assert.IsType<object?[]>(list[2]));
        Assert.Null(Assert.IsType<Dictionary<string, object?>>(list[3])["k"]);

        var obj = Assert.IsType<Dictionary<string, object?>>(e.Properties["Obj"]);
        Assert.Equal(1L, obj["A"]);
        var inner = Assert.IsType<Dictionary<string, object?>>(obj["B"]);
        Assert.Equal([true], Assert.IsType<object?[]>(inner["C"]));
    }

    [Fact]
    public void A_doubled_at_sign_is_a_property_named_with_one()
    {
        HeroLogEvent e = ReadOne("{\"@t\":\"2024-01-01T00:00:00Z\",\"@mt\":\"Name is {@name}\",\"@@name\":\"x\",\"@@t\":\"not the time\"}");

        Assert.Equal("x", e.Properties["@name"]);
        Assert.Equal("not the time", e.Properties["@t"]);
        Assert.False(e.Properties.ContainsKey("@@name"));
        Assert.Equal(new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc), e.Timestamp);
    }

    [Fact]
    public void Task_attempt_and_exit_code_are_lifted_from_the_properties()
    {
        HeroLogEvent e = ReadOne("{\"@t\":\"2024-01-01T00:00:00Z\",\"@mt\":\"x\",\"Task\":\"build\",\"Attempt\":2,\"ExitCode\":-1}");
        Assert.Equal("build", e.Task);
        Assert.Equal(2, e.Attempt);
        Assert.Equal(-1, e.ExitCode);
    }

    [Fact]
    public void Shortcuts_of_the_wrong_kind_or_range_are_null()
    {
        HeroLogEvent e = ReadOne("{\"@t\":\"2024-01-01T00:00:00Z\",\"@mt\":\"x\",\"Task\":7,\"Attempt\":\"2\",\"ExitCode\":4294967296}");
        Assert.Null(e.Task);
        Assert.Null(e.Attempt);
        Assert.Null(e.ExitCode);
        Assert.Equal(4294967296L, e.Properties["ExitCode"]);

        HeroLogEvent none = ReadOne("{\"@t\":\"2024-01-01T00:00:00Z\",\"@mt\":\"x\"}");
        Assert.Null(none.Task);
        Assert.Null(none.Attempt);
        Assert.Null(none.ExitCode);
    }

    [Fact]
    public void Without_m_the_message_is_rendered_from_the_template()
    {
        HeroLogEvent e = ReadOne(
            "{\"@t\":\"2024-01-01T00:00:00Z\",\"@mt\":\"Task {Task} took {Ms:0.00} ms, code {ExitCode:D3}, {{literal}} {Missing} {@Who}\"," +
            "\"Task\":\"build\",\"Ms\":1234.5678,\"ExitCode\":7,\"Who\":\"bob\"}");

        // As Serilog renders it: a string property in quotes, also under @ (a string is a scalar).
        Assert.Equal("Task \"build\" took 1234.57 ms, code 007, {literal} {Missing} \"bob\"", e.Message);
    }

    [Fact]
    public void The_m_field_wins_over_the_template()
    {
        HeroLogEvent e = ReadOne("{\"@t\":\"2024-01-01T00:00:00Z\",\"@mt\":\"Task {Task}\",\"@m\":\"as rendered\",\"Task\":\"build\"}");
        Assert.Equal("as rendered", e.Message);
    }

    [Fact]
    public void An_event_without_a_template_has_an_empty_message()
    {
        HeroLogEvent e = ReadOne("{\"@t\":\"2024-01-01T00:00:00Z\",\"Task\":\"build\"}");
        Assert.Equal(string.Empty, e.MessageTemplate);
        Assert.Equal(string.Empty, e.Message);
        Assert.Equal("build", e.Task);
    }

    [Fact]
    public void Destructured_objects_and_arrays_are_rendered_as_their_values()
    {
        HeroLogEvent e = ReadOne(
            "{\"@t\":\"2024-01-01T00:00:00Z\",\"@mt\":\"Settings {@Settings} on {Hosts}\",\"Settings\":{\"Host\":\"db1\",\"Port\":5432},\"Hosts\":[\"a\",\"b\"]}");

        Assert.DoesNotContain("System.", e.Message, StringComparison.Ordinal);
        Assert.Contains("db1", e.Message, StringComparison.Ordinal);
        Assert.Contains("5432", e.Message, StringComparison.Ordinal);
        Assert.Contains("a", e.Message.Substring(e.Message.IndexOf(" on ", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("b", e.Message.Substring(e.Message.IndexOf(" on ", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_lines_are_reported_with_their_number_and_skipped()
    {
        string path = WriteFile(
            "{\"@t\":\"2024-01-01T00:00:01Z\",\"@mt\":\"first\"}",
            "this is not json",
            "[1,2,3]",
            "{\"@mt\":\"no time\"}",
            "",
            "{\"@t\":\"yesterday-ish\",\"@mt\":\"bad time\"}",
            "{\"@t\":12345,\"@mt\":\"numeric time\"}",
            "{\"@t\":\"2024-01-01T00:00:02Z\",\"@mt\":\"cut off",
            "   ",
            "{\"@t\":\"2024-01-01T00:00:03Z\",\"@mt\":\"last\"}");
        var bad = new List<(string Path, int Line, string Problem)>();

        List<HeroLogEvent> events = ReadAll(path, bad);

        Assert.Equal(["first", "last"], events.Select(e => e.MessageTemplate).ToArray());
        Assert.Equal([1, 10], events.Select(e => e.LineNumber).ToArray());
        Assert.All(events, e => Assert.Equal(path, e.Path));
        Assert.Equal([2, 3, 4, 6, 7, 8], bad.Select(b => b.Line).ToArray());
        Assert.All(bad, b => Assert.Equal(path, b.Path));
        Assert.All(bad, b => Assert.False(string.IsNullOrWhiteSpace(b.Problem)));
        Assert.Contains("JSON", bad[0].Problem, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("object", bad[1].Problem, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("@t", bad[2].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Reads_a_file_another_writer_holds_open()
    {
        string path = WriteFile("{\"@t\":\"2024-01-01T00:00:01Z\",\"@mt\":\"first\"}");
        using var writer = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        Assert.Single(ReadAll(path));
    }

    [Fact]
    public void Reading_is_lazy_and_a_missing_file_fails_when_enumerated()
    {
        string missing = Path.Combine(_scratch, "missing.clef");
        IEnumerable<HeroLogEvent> events = ClefReader.Read(missing, (_, _, _) => { });
        Assert.Throws<FileNotFoundException>(() => events.ToList());
    }

    [Fact]
    public void WithRolledFiles_lists_the_file_and_its_rolled_files_in_order()
    {
        string x = Path.Combine(_scratch, "x.clef");
        foreach (string name in new[] { "x_002.clef", "x_backup.clef", "x_001.clef", "x.clef", "x_01.clef", "y_003.clef", "x_003.log", "xx_004.clef" })
        {
            File.WriteAllText(Path.Combine(_scratch, name), "{}\n");
        }

        IReadOnlyList<string> files = ClefReader.WithRolledFiles(x);

        Assert.Equal(
            [Path.Combine(_scratch, "x.clef"), Path.Combine(_scratch, "x_001.clef"), Path.Combine(_scratch, "x_002.clef")],
            files);
    }

    [Fact]
    public void WithRolledFiles_orders_sequence_numbers_numerically()
    {
        foreach (string name in new[] { "x_1000.clef", "x_999.clef", "x_010.clef" })
        {
            File.WriteAllText(Path.Combine(_scratch, name), "{}\n");
        }

        Assert.Equal(
            [Path.Combine(_scratch, "x_010.clef"), Path.Combine(_scratch, "x_999.clef"), Path.Combine(_scratch, "x_1000.clef")],
            ClefReader.WithRolledFiles(Path.Combine(_scratch, "x.clef")));
    }

    [Fact]
    public void WithRolledFiles_of_nothing_is_empty()
    {
        Assert.Empty(ClefReader.WithRolledFiles(Path.Combine(_scratch, "x.clef")));
        Assert.Empty(ClefReader.WithRolledFiles(Path.Combine(_scratch, "no-folder", "x.clef")));
    }

    // ---- TemplateRenderer ----

    private static string Render(string template, params (string Name, object? Value)[] properties)
    {
        var map = properties.ToDictionary(p => p.Name, p => p.Value);
        return TemplateRenderer.Render(template, name => map.TryGetValue(name, out object? v) ? (true, v) : (false, null));
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("plain text", "plain text")]
    [InlineData("{A}", "1")]
    [InlineData("{@A}", "1")]
    [InlineData("{$A}", "1")]
    [InlineData("{A}{A}", "11")]
    [InlineData("{{A}}", "{A}")]
    [InlineData("{{{A}}}", "{1}")]
    [InlineData("{{", "{")]
    [InlineData("}}", "}")]
    [InlineData("{", "{")]
    [InlineData("}", "}")]
    [InlineData("a { b", "a { b")]
    [InlineData("a } b", "a } b")]
    [InlineData("{}", "{}")]
    [InlineData("{A", "{A")]
    [InlineData("end {", "end {")]
    [InlineData("{Missing}", "{Missing}")]
    [InlineData("{Missing:0.0}", "{Missing:0.0}")]
    [InlineData("{Null}", "null")]
    [InlineData("{S}", "text")]
    [InlineData("{S:l}", "text")]
    [InlineData("{S:j}", "text")]
    [InlineData("{S:X8}", "text")]
    [InlineData("{N:0.00}", "3.14")]
    [InlineData("{N:F1}", "3.1")]
    [InlineData("{L:D5}", "00042")]
    [InlineData("{L:x}", "2a")]
    [InlineData("{L,8}", "42")]
    [InlineData("{L,-8:D3}", "042")]
    [InlineData("{D:yyyy-MM-dd}", "2024-02-29")]
    public void TemplateRenderer_edge_cases(string template, string expected)
    {
        string rendered = Render(template,
            ("A", 1), ("Null", null), ("S", "text"), ("N", 3.14159), ("L", 42L), ("D", new DateTime(2024, 2, 29, 13, 0, 0, DateTimeKind.Utc)));
        // Alignment is not applied (the text is for reading, not columns): compare without padding.
        Assert.Equal(expected, template.Contains(',') ? rendered.Trim() : rendered);
    }

    [Fact]
    public void TemplateRenderer_does_not_look_up_escaped_holes()
    {
        var asked = new List<string>();
        string rendered = TemplateRenderer.Render("{{Name}} and {Real}", name => { asked.Add(name); return (true, "v"); });
        Assert.Equal("{Name} and v", rendered);
        Assert.Equal(["Real"], asked);
    }

    [Fact]
    public void TemplateRenderer_uses_the_invariant_culture()
    {
        CultureInfo saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            Assert.Equal("1.5 and 1234.50", Render("{A} and {B:0.00}", ("A", 1.5), ("B", 1234.5)));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void TemplateRenderer_passes_hole_names_without_operators_and_format()
    {
        var asked = new List<string>();
        TemplateRenderer.Render("{@Obj} {$Str} {Num:0.0} {Pad,5} {Both,-3:x}", name => { asked.Add(name); return (false, null); });
        Assert.Equal(["Obj", "Str", "Num", "Pad", "Both"], asked);
    }
}
