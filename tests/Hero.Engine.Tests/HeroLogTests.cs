using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Hero.Logging;
using Hero.Security;

namespace Hero.Tests;

/// <summary>Each test has a logger and secrets of its own: nothing is shared with the process's
/// HeroLog, so these run beside every other test.</summary>
public sealed class HeroLogTests : IDisposable
{
    private readonly SecretMasker _masker = new();
    private readonly HeroLogger _log;
    private const string Trace = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string Span = "00f067aa0ba902b7";
    private static readonly TimeSpan FlushWait = TimeSpan.FromSeconds(10);
    private readonly string _scratch = Path.Combine(Path.GetTempPath(), "hero-log-" + Guid.NewGuid().ToString("N"));

    public HeroLogTests()
    {
        Directory.CreateDirectory(_scratch);
        _log = new HeroLogger(new HeroLoggingConfiguration(), _masker);
    }

    public void Dispose()
    {
        _log.Shutdown(FlushWait);
        Directory.Delete(_scratch, recursive: true);
    }

    private string LogPath => Path.Combine(_scratch, "hero.clef");

    private static IEnumerable<KeyValuePair<string, object?>> Props(params (string Name, object? Value)[] pairs) =>
        pairs.Select(p => new KeyValuePair<string, object?>(p.Name, p.Value));

    private void Configure(HeroLogLevel minimum = HeroLogLevel.Verbose, HeroLogFormat format = HeroLogFormat.Clef)
    {
        string? warning = _log.Configure(new HeroLoggingConfiguration { Path = LogPath, MinimumLevel = minimum, Format = format });
        Assert.Null(warning);
    }

    /// <summary>Everything written so far, read while the logger still holds the file.</summary>
    private string[] Lines()
    {
        Assert.True(_log.Flush(FlushWait), "flush timed out");
        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd().Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToArray();
    }

    private JsonElement[] Events() => Lines().Select(line =>
    {
        using JsonDocument document = JsonDocument.Parse(line);
        Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
        return document.RootElement.Clone();
    }).ToArray();

    private static string? Str(JsonElement e, string name) => e.TryGetProperty(name, out JsonElement v) ? v.ToString() : null;

    [Fact]
    public void Writes_one_clef_object_per_line_with_the_reserved_fields()
    {
        Configure();
        DateTime before = DateTime.UtcNow;
        _log.Write(HeroLogLevel.Information, "Task {Task} started attempt {Attempt}", Props(("Task", "build"), ("Attempt", 2)), Trace, Span);
        _log.Write(HeroLogLevel.Warning, "Disk {Drive} is {Percent}% full", Props(("Drive", "C:"), ("Percent", 93.5)), Trace, Span);
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
            _log.Write(level, "Level {Which}", Props(("Which", level.ToString())), Trace, Span);
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
        HeroLogRecord record = _log.Write(HeroLogLevel.Information, "No ids", null);

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
        HeroLogRecord record = _log.Write(HeroLogLevel.Warning, "User {User} ran {Count} jobs in {Where}",
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
        Assert.Equal("deploy", _log.Write(HeroLogLevel.Information, "x {Task}", Props(("Task", "deploy"))).Task);
        Assert.Null(_log.Write(HeroLogLevel.Information, "x", null).Task);
    }

    [Fact]
    public void Sensitive_property_names_are_masked()
    {
        Configure();
        HeroLogRecord record = _log.Write(HeroLogLevel.Information, "Login {User} with {password} and {apiToken}",
            Props(("User", "bob"), ("password", "hunter2-plain"), ("apiToken", "tok-123456")), Trace, Span);

        string line = Assert.Single(Lines());
        Assert.DoesNotContain("hunter2-plain", line, StringComparison.Ordinal);
        Assert.DoesNotContain("tok-123456", line, StringComparison.Ordinal);
        JsonElement written = Assert.Single(Events());
        Assert.Equal("***", Str(written, "password"));
        Assert.Equal("***", Str(written, "apiToken"));
        Assert.Equal("bob", Str(written, "User"));

        Assert.Equal("Login bob with *** and ***", record.Message);
        Assert.Equal("***", record.Properties["password"]);
    }

    [Fact]
    public void Sensitive_keys_inside_structured_properties_are_masked()
    {
        Configure();
        var settings = new Dictionary<string, object?> { ["Host"] = "db1", ["Password"] = "in-a-dictionary" };
        _log.Write(HeroLogLevel.Information, "Connecting with {@Settings} as {@Who}",
            Props(("Settings", settings), ("Who", new { Name = "bob", ClientSecret = "in-an-object" })), Trace, Span);

        string line = Assert.Single(Lines());
        Assert.DoesNotContain("in-a-dictionary", line, StringComparison.Ordinal);
        Assert.DoesNotContain("in-an-object", line, StringComparison.Ordinal);
        Assert.Contains("db1", line, StringComparison.Ordinal);
        Assert.Contains("bob", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Registered_secret_values_are_masked_in_properties_template_and_exception()
    {
        _masker.Register("Zq9-registered-secret");
        Configure();
        var failure = new InvalidOperationException("could not log in with Zq9-registered-secret (password=letmein)");
        HeroLogRecord record = _log.Write(HeroLogLevel.Error,
            "Calling api with Zq9-registered-secret failed for {User}: {Detail} {List}",
            Props(("User", "bob"), ("Detail", "key was Zq9-registered-secret"), ("List", new[] { "a", "Zq9-registered-secret" })),
            Trace, Span, failure);

        string line = Assert.Single(Lines());
        Assert.DoesNotContain("Zq9-registered-secret", line, StringComparison.Ordinal);
        Assert.DoesNotContain("letmein", line, StringComparison.Ordinal);

        JsonElement written = Assert.Single(Events());
        Assert.Equal("Calling api with *** failed for {User}: {Detail} {List}", Str(written, "@mt"));
        Assert.Equal("key was ***", Str(written, "Detail"));
        Assert.Equal("***", written.GetProperty("List")[1].GetString());
        string exception = Str(written, "@x")!;
        Assert.Contains("InvalidOperationException", exception, StringComparison.Ordinal);
        Assert.Contains("could not log in with ***", exception, StringComparison.Ordinal);

        Assert.DoesNotContain("Zq9-registered-secret", record.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Zq9-registered-secret", record.MessageTemplate, StringComparison.Ordinal);
        Assert.Equal("Calling api with *** failed for bob: key was *** [\"a\", \"***\"]", record.Message);
    }

    [Fact]
    public void A_sensitive_assignment_in_the_template_text_is_masked()
    {
        Configure();
        HeroLogRecord record = _log.Write(HeroLogLevel.Information, "Using token=abc123def for {User}", Props(("User", "bob")));

        Assert.Equal("Using token=*** for bob", record.Message);
        JsonElement written = Assert.Single(Events());
        Assert.Equal("Using token=*** for {User}", Str(written, "@mt"));
    }

    [Fact]
    public void Events_below_the_minimum_level_are_returned_but_not_written()
    {
        Configure(HeroLogLevel.Warning);
        HeroLogRecord debug = _log.Write(HeroLogLevel.Debug, "Debug {N}", Props(("N", 1)));
        HeroLogRecord info = _log.Write(HeroLogLevel.Information, "Info {N}", Props(("N", 2)));
        _log.Write(HeroLogLevel.Warning, "Warn {N}", Props(("N", 3)));
        _log.Write(HeroLogLevel.Error, "Error {N}", Props(("N", 4)));

        Assert.Equal("Debug 1", debug.Message);
        Assert.Equal("Info 2", info.Message);
        Assert.Equal(HeroLogLevel.Information, info.Level);
        Assert.Equal(["Warn {N}", "Error {N}"], Events().Select(e => Str(e, "@mt")!).ToArray());
        Assert.False(_log.IsEnabled(HeroLogLevel.Information));
        Assert.True(_log.IsEnabled(HeroLogLevel.Warning));
    }

    [Fact]
    public void A_directory_as_path_is_an_ArgumentException()
    {
        ArgumentException e = Assert.Throws<ArgumentException>(() => _log.Configure(new HeroLoggingConfiguration { Path = _scratch }));
        Assert.Contains(_scratch, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_path_in_a_missing_folder_gives_a_warning_and_logging_goes_on()
    {
        string path = Path.Combine(_scratch, "no", "such", "hero.clef");
        string? warning = _log.Configure(new HeroLoggingConfiguration { Path = path });

        Assert.NotNull(warning);
        Assert.Contains(path, warning, StringComparison.Ordinal);
        Assert.NotNull(_log.Settings.FileError);
        Assert.Equal(path, _log.Settings.Path);

        HeroLogRecord record = _log.Write(HeroLogLevel.Error, "Still {Working}", Props(("Working", "fine")));
        Assert.Equal("Still fine", record.Message);
        Assert.True(_log.Flush(FlushWait));
        Assert.False(Directory.Exists(Path.Combine(_scratch, "no")));
    }

    [Fact]
    public void Settings_report_the_configuration()
    {
        _log.Configure(new HeroLoggingConfiguration
        {
            Path = LogPath, MinimumLevel = HeroLogLevel.Debug, MaxFileSize = 123_456, RetainedFileCount = 3, Format = HeroLogFormat.Text,
        });

        HeroLoggingConfiguration settings = _log.Settings;
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
        _log.Write(HeroLogLevel.Information, "Task {Task} finished with {ExitCode}", Props(("Task", "build"), ("ExitCode", 0)), Trace, Span);
        _log.Write(HeroLogLevel.Error, "Task {Task} failed", Props(("Task", "lint")), Trace, Span, new InvalidOperationException("lint broke"));

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
        for (int i = 0; i < 100; i++) _log.Write(HeroLogLevel.Information, "Event {N}", Props(("N", i)));
        string second = Path.Combine(_scratch, "second.clef");
        Assert.Null(_log.Configure(new HeroLoggingConfiguration { Path = second }));
        _log.Write(HeroLogLevel.Information, "In the second file", null);
        Assert.True(_log.Flush(FlushWait));

        Assert.Equal(100, File.ReadAllLines(LogPath).Length);
        using var stream = new FileStream(second, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        Assert.Contains("In the second file", new StreamReader(stream).ReadToEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public void What_HeroLog_writes_ClefReader_reads_back()
    {
        Configure();
        HeroLogRecord written = _log.Write(HeroLogLevel.Information, "Task {Task} attempt {Attempt} exited with {ExitCode} after {Ms:0.0} ms",
            Props(("Task", "build"), ("Attempt", 2), ("ExitCode", 3), ("Ms", 12.34)), Trace, Span);
        _log.Write(HeroLogLevel.Warning, "Done", null, Trace, Span, new InvalidOperationException("boom"));
        Assert.True(_log.Flush(FlushWait));
        _log.Configure(new HeroLoggingConfiguration());

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
        HeroLogRecord written = _log.Write(HeroLogLevel.Information, "Deploying {@Target} to {Hosts}",
            Props(("Target", new Dictionary<string, object?> { ["App"] = "web", ["Version"] = 7 }), ("Hosts", new[] { "h1", "h2" })));
        Assert.True(_log.Flush(FlushWait));
        _log.Configure(new HeroLoggingConfiguration());

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
        Assert.Null(_log.Configure(new HeroLoggingConfiguration { Path = LogPath, MaxFileSize = Limit, RetainedFileCount = 2 }));
        string padding = new('x', 1000);
        int longestLine = 0;
        for (int i = 0; i < 2048; i++)
        {
            _log.Write(HeroLogLevel.Information, "Event {N} {Padding}", Props(("N", i), ("Padding", padding)), Trace, Span);
            if (i % 500 == 499) Assert.True(_log.Flush(FlushWait));
        }

        Assert.True(_log.Flush(FlushWait));
        _log.Configure(new HeroLoggingConfiguration());
        Assert.Equal(0, _log.Settings.DroppedEvents);

        string[] files = Directory.GetFiles(_scratch);
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
