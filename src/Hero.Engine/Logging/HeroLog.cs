using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Hero.Correlation;
using Hero.Security;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Display;
using Serilog.Parsing;

namespace Hero.Logging;

/// <summary>The process's Hero log: one Serilog pipeline every cmdlet and task writes through, a
/// file sink behind a bounded buffer, the session's trace id on every event, secrets masked before
/// anything is written.</summary>
public static class HeroLog
{
    private static readonly object Gate = new();
    private static readonly MessageTemplateParser Parser = new();
    private static readonly Logger Binder = new LoggerConfiguration().CreateLogger();
    private static HeroLoggingConfiguration s_settings = HeroLoggingConfiguration.FromEnvironment();
    private static Logger? s_logger;
    private static BufferedSink? s_buffer;
    private static bool s_exitHooked;

    static HeroLog()
    {
        s_settings.TraceId = TraceContext.SessionTraceId;
        SessionSpanId = TraceContext.NewSpanId();
        if (s_settings.Path is not null)
        {
            Apply(s_settings);
        }
    }

    /// <summary>The span of this session: events not tied to a task use it.</summary>
    public static string SessionSpanId { get; }

    public static HeroLoggingConfiguration Settings
    {
        get
        {
            lock (Gate)
            {
                HeroLoggingConfiguration copy = s_settings.Clone();
                copy.TraceId = TraceContext.SessionTraceId;
                copy.DroppedEvents = s_buffer?.Dropped ?? 0;
                return copy;
            }
        }
    }

    /// <summary>Switches to <paramref name="settings"/>. Returns a warning when the file cannot be
    /// written (logging to the host goes on, tasks still run), else null.</summary>
    /// <exception cref="ArgumentException">The path is a directory.</exception>
    public static string? Configure(HeroLoggingConfiguration settings)
    {
        if (settings.Path is { } path && Directory.Exists(path))
        {
            throw new ArgumentException($"'{path}' is a directory; -Path needs a file name, such as '{System.IO.Path.Combine(path, "hero.clef")}'.", "Path");
        }

        lock (Gate)
        {
            return Apply(settings.Clone());
        }
    }

    private static string? Apply(HeroLoggingConfiguration settings)
    {
        BufferedSink? oldBuffer = s_buffer;
        s_logger = null;
        s_buffer = null;
        settings.FileError = null;
        string? warning = null;
        if (settings.Path is { } path)
        {
            string? problem = ProbeWritable(path);
            if (problem is null)
            {
                ITextFormatter formatter = settings.Format == HeroLogFormat.Clef
                    ? new ClefFormatter()
                    : new MessageTemplateTextFormatter("{Timestamp:yyyy-MM-ddTHH:mm:ss.fffZ} [{Level:u3}] {Message:lj} {Properties:j} tr={TraceId} sp={SpanId}{NewLine}{Exception}");
                Logger file = new LoggerConfiguration()
                    .MinimumLevel.Verbose()
                    .WriteTo.File(
                        formatter,
                        path,
                        fileSizeLimitBytes: settings.MaxFileSize,
                        rollOnFileSizeLimit: true,
                        retainedFileCountLimit: settings.RetainedFileCount,
                        shared: true)
                    .CreateLogger();
                s_buffer = new BufferedSink(file);
                s_logger = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(s_buffer).CreateLogger();
            }
            else
            {
                settings.FileError = problem;
                warning = $"Hero cannot write the log file '{path}': {problem} Events still reach the host; tasks run as usual.";
            }
        }

        s_settings = settings;
        HookProcessExit();

        // The old pipeline's only sink is its buffer: one bounded flush-and-close ends it.
        oldBuffer?.Dispose(TimeSpan.FromSeconds(2));
        return warning;
    }

    private static string? ProbeWritable(string path)
    {
        try
        {
            string? folder = System.IO.Path.GetDirectoryName(path);
            if (folder is not null && !Directory.Exists(folder))
            {
                return $"the folder '{folder}' does not exist.";
            }

            using (new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
            {
            }

            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return e.Message;
        }
    }

    private static void HookProcessExit()
    {
        if (s_exitHooked) return;
        s_exitHooked = true;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Shutdown(TimeSpan.FromSeconds(3));
    }

    /// <summary>True when an event of this level would reach the file.</summary>
    /// <remarks>A path without a logger and without a file error is a pipeline that Write reopens
    /// (closed by module removal); a file error means nothing reaches the file until the next
    /// Configure.</remarks>
    public static bool IsEnabled(HeroLogLevel level) =>
        level >= s_settings.MinimumLevel && (s_logger is not null || (s_settings.Path is not null && s_settings.FileError is null));

    /// <summary>Writes one event when its level is at or above the minimum. Template holes are filled
    /// from <paramref name="properties"/> by name; sensitive property names and registered secrets
    /// are masked. Returns the event as rendered, for the host, whether or not the file took it.</summary>
    public static HeroLogRecord Write(
        HeroLogLevel level,
        string template,
        IEnumerable<KeyValuePair<string, object?>>? properties,
        string? traceId = null,
        string? spanId = null,
        Exception? exception = null,
        bool hostReported = false) =>
        Write(level, template, properties, traceId, spanId, exception, hostReported, forHost: true)!;

    /// <summary>Writes the event to the file only: nothing is rendered for a host that would not
    /// show it (most task events, most of the time).</summary>
    public static void WriteToFile(
        HeroLogLevel level,
        string template,
        IEnumerable<KeyValuePair<string, object?>>? properties,
        string? traceId = null,
        string? spanId = null,
        Exception? exception = null) =>
        Write(level, template, properties, traceId, spanId, exception, hostReported: false, forHost: false);

    private static HeroLogRecord? Write(
        HeroLogLevel level,
        string template,
        IEnumerable<KeyValuePair<string, object?>>? properties,
        string? traceId,
        string? spanId,
        Exception? exception,
        bool hostReported,
        bool forHost)
    {
        if (!forHost && !IsEnabled(level))
        {
            return null;
        }

        DateTimeOffset now = DateTimeOffset.UtcNow;
        MessageTemplate parsed = Parse(template);
        var bound = new Dictionary<string, LogEventProperty>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, object?> pair in properties ?? [])
        {
            if (string.IsNullOrWhiteSpace(pair.Key) || !Binder.BindProperty(Sanitize(pair.Key), pair.Value, destructureObjects: true, out LogEventProperty? property))
            {
                continue;
            }

            bound[property.Name] = new LogEventProperty(property.Name, Mask(property.Name, property.Value));
        }

        string trace = traceId ?? TraceContext.SessionTraceId;
        string span = spanId ?? SessionSpanId;
        Logger? logger;
        lock (Gate)
        {
            if (s_logger is null && s_settings.Path is not null && s_settings.FileError is null)
            {
                // Closed by module removal and used again (Import-Module -Force): reopen.
                Apply(s_settings);
            }

            logger = s_logger;
        }

        // The event (ids parsed, exception masked) is built only for a file that takes it: the host
        // record needs none of it.
        if (logger is not null && IsEnabled(level))
        {
            Exception? masked = exception is null ? null : new LoggedException(exception);
            logger.Write(new LogEvent(
                now,
                (LogEventLevel)level,
                masked,
                parsed,
                bound.Values,
                ActivityTraceId.CreateFromString(trace.AsSpan()),
                ActivitySpanId.CreateFromString(span.AsSpan())));
        }

        if (!forHost)
        {
            return null;
        }

        var plain = bound.ToDictionary(p => p.Key, p => Plain(p.Value.Value), StringComparer.OrdinalIgnoreCase);
        string message = TemplateRenderer.Render(parsed.Text, name => plain.TryGetValue(name, out object? value) ? (true, value) : (false, null));
        return new HeroLogRecord(now.UtcDateTime, level, message, parsed.Text, trace, span, plain, hostReported);
    }

    /// <summary>Waits (bounded) until every event accepted so far is in the file.</summary>
    public static bool Flush(TimeSpan timeout)
    {
        BufferedSink? buffer;
        lock (Gate)
        {
            buffer = s_buffer;
        }

        return buffer?.Flush(timeout) ?? true;
    }

    /// <summary>Flushes and closes the file (module removal, process exit).</summary>
    public static void Shutdown(TimeSpan timeout)
    {
        BufferedSink? buffer;
        lock (Gate)
        {
            buffer = s_buffer;
            s_logger = null;
            s_buffer = null;
        }

        // Outside the lock: a slow file must not hold up other threads' (dropped) writes.
        buffer?.Dispose(timeout);
    }

    /// <summary>Templates are few and repeat (every task logs the same ones): parse and mask each once
    /// per set of registered secrets.</summary>
    private static MessageTemplate Parse(string template)
    {
        int secrets = SecretMasker.Count;
        if (TemplateCache.TryGetValue(template, out (int Secrets, MessageTemplate Template) cached) && cached.Secrets == secrets)
        {
            return cached.Template;
        }

        MessageTemplate parsed = Parser.Parse(SecretMasker.MaskAll(template));
        if (TemplateCache.Count < 1024)
        {
            TemplateCache[template] = (secrets, parsed);
        }

        return parsed;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, (int, MessageTemplate)> TemplateCache = new(StringComparer.Ordinal);

    private static string Sanitize(string name)
    {
        // Property names are almost always clean already (and then also trimmed): no copy for them.
        bool clean = true;
        foreach (char c in name)
        {
            if (!char.IsLetterOrDigit(c) && c != '_')
            {
                clean = false;
                break;
            }
        }

        if (clean)
        {
            return name;
        }

        var chars = name.Trim().Select(c => char.IsLetterOrDigit(c) || c == '_' ? c : '_').ToArray();
        return new string(chars);
    }

    private static LogEventPropertyValue Mask(string name, LogEventPropertyValue value)
    {
        if (SecretMasker.IsSensitiveName(name))
        {
            return new ScalarValue(SecretMasker.Mask);
        }

        return value switch
        {
            ScalarValue { Value: string text } => new ScalarValue(SecretMasker.MaskAll(text)),
            SequenceValue sequence => new SequenceValue(sequence.Elements.Select(e => Mask(string.Empty, e))),
            StructureValue structure => new StructureValue(structure.Properties.Select(p => new LogEventProperty(p.Name, Mask(p.Name, p.Value))), structure.TypeTag),
            DictionaryValue dictionary => new DictionaryValue(dictionary.Elements.Select(e =>
                new KeyValuePair<ScalarValue, LogEventPropertyValue>(e.Key, Mask(e.Key.Value?.ToString() ?? string.Empty, e.Value)))),
            _ => value,
        };
    }

    /// <summary>Serilog's structured values as plain objects, so the host sees the same rendering
    /// Get-HeroLog gives when it reads the file back.</summary>
    private static object? Plain(LogEventPropertyValue value) => value switch
    {
        ScalarValue scalar => scalar.Value,
        SequenceValue sequence => sequence.Elements.Select(Plain).ToArray(),
        StructureValue structure => structure.Properties.ToDictionary(p => p.Name, p => Plain(p.Value)),
        DictionaryValue dictionary => dictionary.Elements.ToDictionary(e => e.Key.Value?.ToString() ?? string.Empty, e => Plain(e.Value)),
        _ => value.ToString(),
    };

    /// <summary>An exception as logged: its text with secrets masked.</summary>
    private sealed class LoggedException(Exception original)
        : Exception(SecretMasker.MaskAll(original.Message))
    {
        public override string ToString() => SecretMasker.MaskAll(original.ToString());
    }
}
