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

/// <summary>The CLEF and text files the logger writes: fields, levels, configuration, reading back, rolling.</summary>
public sealed class HeroLoggerTests : HeroLoggerTestBase
{
    [Fact]
    public void Writes_one_clef_object_per_line_with_the_reserved_fields()
    {
        Configure();
        DateTime before = DateTime.UtcNow;
        Log.Write(HeroLogLevel.Information, "Task {Task} started attempt {Attempt}", Props(("Task", "build"), ("Attempt", 2)), Trace, Span);
        Log.Write(HeroLogLevel.Warning, "Disk {Drive} is {Percent}% full", Props(("Drive", "C:"), ("Percent", 93.5)), Trace, Span);
        DateTime after = DateTime.UtcNow;

        JsonElement[] events = Events();
        Assert.Equal(2, events.Length);

        JsonElement first = events[0];
        string time = Str(first, "@t")!;
        Assert.EndsWith("Z", time, StringComparison.Ordinal);
        DateTime parsed = DateTime.Parse(time, null, System.Globalization.DateTimeStyles.RoundtripKind);
        Assert.Equal(DateTimeKind.Utc, parsed.Kind);
        Assert.InRange(parsed, before.AddSeconds(-1), after.AddSeconds(1));
        Assert.Equal("Task {Task} started attempt {Attempt}", Str(first, "@mt"));
        Assert.Equal("Information", Str(first, "@l"));
        Assert.Equal(Trace, Str(first, "@tr"));
        Assert.Equal(Span, Str(first, "@sp"));
        Assert.Equal("build", first.GetProperty("Task").GetString());
        Assert.Equal(2, first.GetProperty("Attempt").GetInt32());

        JsonElement second = events[1];
        Assert.Equal("Warning", Str(second, "@l"));
        Assert.Equal(93.5, second.GetProperty("Percent").GetDouble());
        Assert.EndsWith("Z", Str(second, "@t")!, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_level_carries_its_level_field()
    {
        Configure(HeroLogLevel.Verbose);
        HeroLogLevel[] levels = Enum.GetValues<HeroLogLevel>();
        foreach (HeroLogLevel level in levels)
        {
            Log.Write(level, "Level {Which}", Props(("Which", level.ToString())), Trace, Span);
        }

        JsonElement[] events = Events();
        Assert.Equal(levels.Length, events.Length);
        for (int i = 0; i < levels.Length; i++)
        {
            Assert.Equal(levels[i].ToString(), Str(events[i], "@l"));
            Assert.Equal(levels[i].ToString(), Str(events[i], "Which"));
        }
    }

    [Fact]
    public void Without_ids_the_session_trace_and_span_are_used()
    {
        Configure();
        HeroLogRecord record = Log.Write(HeroLogLevel.Information, "No ids", null);

        JsonElement written = Assert.Single(Events());
        Assert.Matches("^[0-9a-f]{32}$", Str(written, "@tr")!);
        Assert.Matches("^[0-9a-f]{16}$", Str(written, "@sp")!);
        Assert.Equal(Hero.Correlation.TraceContext.SessionTraceId, Str(written, "@tr"));
        Assert.Equal(Hero.Correlation.TraceContext.SessionSpanId, Str(written, "@sp"));
        Assert.Equal(Str(written, "@tr"), record.TraceId);
        Assert.Equal(Str(written, "@sp"), record.SpanId);
    }

    [Fact]
    public void The_record_renders_holes_unquoted_and_carries_the_ids()
    {
        Configure();
        HeroLogRecord record = Log.Write(HeroLogLevel.Warning, "User {User} ran {Count} jobs in {Where}",
            Props(("User", "bob"), ("Count", 3), ("Where", "eu-west")), Trace, Span, hostReported: true);

        Assert.Equal("User bob ran 3 jobs in eu-west", record.Message);
        Assert.Equal("User {User} ran {Count} jobs in {Where}", record.MessageTemplate);
        Assert.Equal(HeroLogLevel.Warning, record.Level);
        Assert.Equal(Trace, record.TraceId);
        Assert.Equal(Span, record.SpanId);
        Assert.True(record.HostReported);
        Assert.Equal(DateTimeKind.Utc, record.Timestamp.Kind);
        Assert.Equal("bob", record.Properties["User"]);
        Assert.Equal(3, record.Properties["count"]);
    }

    [Fact]
    public void The_record_names_its_task()
    {
        Configure();
        Assert.Equal("deploy", Log.Write(HeroLogLevel.Information, "x {Task}", Props(("Task", "deploy"))).Task);
        Assert.Null(Log.Write(HeroLogLevel.Information, "x", null).Task);
    }

    [Fact]
    public void Events_below_the_minimum_level_are_returned_but_not_written()
    {
        Configure(HeroLogLevel.Warning);
        HeroLogRecord debug = Log.Write(HeroLogLevel.Debug, "Debug {N}", Props(("N", 1)));
        HeroLogRecord info = Log.Write(HeroLogLevel.Information, "Info {N}", Props(("N", 2)));
        Log.Write(HeroLogLevel.Warning, "Warn {N}", Props(("N", 3)));
        Log.Write(HeroLogLevel.Error, "Error {N}", Props(("N", 4)));

        Assert.Equal("Debug 1", debug.Message);
        Assert.Equal("Info 2", info.Message);
        Assert.Equal(HeroLogLevel.Information, info.Level);
        Assert.Equal(["Warn {N}", "Error {N}"], Events().Select(e => Str(e, "@mt")!).ToArray());
        Assert.False(Log.IsEnabled(HeroLogLevel.Information));
        Assert.True(Log.IsEnabled(HeroLogLevel.Warning));
    }

    [Fact]
    public void A_directory_as_path_is_an_ArgumentException()
    {
        ArgumentException e = Assert.Throws<ArgumentException>(() => Log.Configure(new HeroLoggingConfiguration { Path = Scratch }));
        Assert.Contains(Scratch, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_path_in_a_missing_folder_gives_a_warning_and_logging_goes_on()
    {
        string path = Path.Combine(Scratch, "no", "such", "hero.clef");
        string? warning = Log.Configure(new HeroLoggingConfiguration { Path = path });

        Assert.NotNull(warning);
        Assert.Contains(path, warning, StringComparison.Ordinal);
        Assert.NotNull(Log.Settings.FileError);
        Assert.Equal(path, Log.Settings.Path);

        HeroLogRecord record = Log.Write(HeroLogLevel.Error, "Still {Working}", Props(("Working", "fine")));
        Assert.Equal("Still fine", record.Message);
        Assert.True(Log.Flush(FlushWait));
        Assert.False(Directory.Exists(Path.Combine(Scratch, "no")));
    }

    [Fact]
    public void Settings_report_the_configuration()
    {
        Log.Configure(new HeroLoggingConfiguration
        {
            Path = LogPath, MinimumLevel = HeroLogLevel.Debug, MaxFileSize = 123_456, RetainedFileCount = 3, Format = HeroLogFormat.Text,
        });

        HeroLoggingConfiguration settings = Log.Settings;
        Assert.Equal(LogPath, settings.Path);
        Assert.Equal(HeroLogLevel.Debug, settings.MinimumLevel);
        Assert.Equal(123_456, settings.MaxFileSize);
        Assert.Equal(3, settings.RetainedFileCount);
        Assert.Equal(HeroLogFormat.Text, settings.Format);
        Assert.Null(settings.FileError);
        Assert.Equal(Hero.Correlation.TraceContext.SessionTraceId, settings.TraceId);
        Assert.Equal(0, settings.DroppedEvents);
    }

    [Fact]
    public void Text_format_writes_plain_lines_with_the_trace_id()
    {
        Configure(format: HeroLogFormat.Text);
        Log.Write(HeroLogLevel.Information, "Task {Task} finished with {ExitCode}", Props(("Task", "build"), ("ExitCode", 0)), Trace, Span);
        Log.Write(HeroLogLevel.Error, "Task {Task} failed", Props(("Task", "lint")), Trace, Span, new InvalidOperationException("lint broke"));

        string[] lines = Lines();
        Assert.DoesNotContain(lines, l => l.StartsWith("{\"@t\"", StringComparison.Ordinal));
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z \[INF\] Task build finished with 0 ", lines[0]);
        Assert.Contains("tr=" + Trace, lines[0], StringComparison.Ordinal);
        Assert.Contains("sp=" + Span, lines[0], StringComparison.Ordinal);
        string error = Assert.Single(lines, l => l.Contains("[ERR]", StringComparison.Ordinal));
        Assert.Contains("Task lint failed", error, StringComparison.Ordinal);
        Assert.Contains("tr=" + Trace, error, StringComparison.Ordinal);
        Assert.Contains(lines, l => l.Contains("lint broke", StringComparison.Ordinal));
    }

    [Fact]
    public void Reconfiguring_closes_the_old_file_with_everything_in_it()
    {
        Configure();
        for (int i = 0; i < 100; i++) Log.Write(HeroLogLevel.Information, "Event {N}", Props(("N", i)));
        string second = Path.Combine(Scratch, "second.clef");
        Assert.Null(Log.Configure(new HeroLoggingConfiguration { Path = second }));
        Log.Write(HeroLogLevel.Information, "In the second file", null);
        Assert.True(Log.Flush(FlushWait));

        Assert.Equal(100, File.ReadAllLines(LogPath).Length);
        using var stream = new FileStream(second, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        Assert.Contains("In the second file", new StreamReader(stream).ReadToEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public void What_HeroLog_writes_ClefReader_reads_back()
    {
        Configure();
        HeroLogRecord written = Log.Write(HeroLogLevel.Information, "Task {Task} attempt {Attempt} exited with {ExitCode} after {Ms:0.0} ms",
            Props(("Task", "build"), ("Attempt", 2), ("ExitCode", 3), ("Ms", 12.34)), Trace, Span);
        Log.Write(HeroLogLevel.Warning, "Done", null, Trace, Span, new InvalidOperationException("boom"));
        Assert.True(Log.Flush(FlushWait));
        Log.Configure(new HeroLoggingConfiguration());

        var bad = new List<int>();
        List<HeroLogEvent> events = ClefReader.Read(LogPath, (_, n, _) => bad.Add(n)).ToList();

        Assert.Empty(bad);
        Assert.Equal(2, events.Count);
        HeroLogEvent first = events[0];
        Assert.Equal(HeroLogLevel.Information, first.Level);
        // Read back as Serilog and Seq render it (strings quoted); the host line stays for reading.
        Assert.Equal("Task \"build\" attempt 2 exited with 3 after 12.3 ms", first.Message);
        Assert.Equal("Task build attempt 2 exited with 3 after 12.3 ms", written.Message);
        Assert.Equal(written.MessageTemplate, first.MessageTemplate);
        Assert.Equal("build", first.Task);
        Assert.Equal(2, first.Attempt);
        Assert.Equal(3, first.ExitCode);
        Assert.Equal(Trace, first.TraceId);
        Assert.Equal(Span, first.SpanId);
        Assert.InRange(first.Timestamp, written.Timestamp.AddMilliseconds(-1), written.Timestamp.AddMilliseconds(1));

        HeroLogEvent second = events[1];
        Assert.Equal(HeroLogLevel.Warning, second.Level);
        Assert.Contains("boom", second.Exception, StringComparison.Ordinal);
    }

    [Fact]
    public void Structured_properties_read_back_render_as_their_values()
    {
        Configure();
        HeroLogRecord written = Log.Write(HeroLogLevel.Information, "Deploying {@Target} to {Hosts}",
            Props(("Target", new Dictionary<string, object?> { ["App"] = "web", ["Version"] = 7 }), ("Hosts", new[] { "h1", "h2" })));
        Assert.True(Log.Flush(FlushWait));
        Log.Configure(new HeroLoggingConfiguration());

        HeroLogEvent read = Assert.Single(ClefReader.Read(LogPath, (_, _, _) => { }));

        Assert.DoesNotContain("System.", written.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", read.Message, StringComparison.Ordinal);
        foreach (string part in new[] { "web", "7", "h1", "h2" })
        {
            Assert.Contains(part, read.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Rolling_keeps_the_retained_files_each_near_the_size_limit()
    {
        const long Limit = 64 * 1024;
        Assert.Null(Log.Configure(new HeroLoggingConfiguration { Path = LogPath, MaxFileSize = Limit, RetainedFileCount = 2 }));
        string padding = new('x', 1000);
        int longestLine = 0;
        for (int i = 0; i < 2048; i++)
        {
            Log.Write(HeroLogLevel.Information, "Event {N} {Padding}", Props(("N", i), ("Padding", padding)), Trace, Span);
            if (i % 500 == 499) Assert.True(Log.Flush(FlushWait));
        }

        Assert.True(Log.Flush(FlushWait));
        Log.Configure(new HeroLoggingConfiguration());
        Assert.Equal(0, Log.Settings.DroppedEvents);

        string[] files = Directory.GetFiles(Scratch);
        Assert.InRange(files.Length, 1, 2);
        Assert.Equal(files.OrderBy(f => f, StringComparer.Ordinal), ClefReader.WithRolledFiles(LogPath).OrderBy(f => f, StringComparer.Ordinal));
        foreach (string file in files)
        {
            string[] lines = File.ReadAllLines(file);
            longestLine = Math.Max(longestLine, lines.Max(l => Encoding.UTF8.GetByteCount(l) + 1));
            Assert.All(lines, l => JsonDocument.Parse(l).Dispose());
        }

        Assert.All(files, f => Assert.True(new FileInfo(f).Length <= Limit + longestLine, $"{f} is {new FileInfo(f).Length} bytes"));

        // The newest file holds the last event written.
        string newest = ClefReader.WithRolledFiles(LogPath).Last();
        Assert.Contains("\"N\":2047", File.ReadAllLines(newest).Last(), StringComparison.Ordinal);
        Assert.Matches(new Regex(@"hero_\d{3}\.clef$"), newest);
    }
}
