using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Hero.Correlation;
using Hero.Security;
using Serilog.Events;

namespace Hero.Logging;

/// <summary>One Hero log: its configuration, a file sink behind a bounded buffer, the trace ids on
/// every event, and the masking of everything before it is written. The process has one
/// (<see cref="HeroLog"/>); tests make their own.</summary>
/// <remarks>Serilog is loaded only when an event is built (for the file or for the host): the
/// members that run for every task name no Serilog type, and the ones that do are never inlined
/// into them (compiling a method that names a type loads its assembly).</remarks>
public sealed class HeroLogger
{
    private readonly object _gate = new();
    private readonly SecretMasker _masker;
    private LogEventBinder? _binder;
    private HeroLoggingConfiguration _settings;
    private LogFile? _file;

    public HeroLogger(HeroLoggingConfiguration settings, SecretMasker masker)
    {
        _masker = masker;
        _settings = settings.Clone();
        if (_settings.Path is not null)
        {
            Apply(_settings);
        }
    }

    /// <summary>A copy, with the trace id and the count of dropped events.</summary>
    public HeroLoggingConfiguration Settings
    {
        get
        {
            lock (_gate)
            {
                HeroLoggingConfiguration copy = _settings.Clone();
                copy.TraceId = TraceContext.SessionTraceId;
                copy.DroppedEvents = _file?.Dropped ?? 0;
                return copy;
            }
        }
    }

    /// <summary>Switches to <paramref name="settings"/>. Returns a warning when the file cannot be
    /// written (logging to the host goes on, tasks still run), else null.</summary>
    /// <exception cref="ArgumentException">The path is a directory.</exception>
    public string? Configure(HeroLoggingConfiguration settings)
    {
        if (settings.Path is { } path && Directory.Exists(path))
        {
            throw new ArgumentException($"'{path}' is a directory; -Path needs a file name, such as '{System.IO.Path.Combine(path, "hero.clef")}'.", "Path");
        }

        lock (_gate)
        {
            return Apply(settings.Clone());
        }
    }

    /// <summary>True when an event of this level would reach the file.</summary>
    /// <remarks>A path without an open file and without a file error is a file that Write reopens
    /// (closed by module removal); a file error means nothing reaches the file until the next
    /// Configure.</remarks>
    public bool IsEnabled(HeroLogLevel level) =>
        level >= _settings.MinimumLevel && (_file is not null || (_settings.Path is not null && _settings.FileError is null));

    /// <summary>Writes one event when its level is at or above the minimum; returns it as rendered,
    /// for the host, whether or not the file took it.</summary>
    public HeroLogRecord Write(
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
    public void WriteToFile(
        HeroLogLevel level,
        string template,
        IEnumerable<KeyValuePair<string, object?>>? properties,
        string? traceId = null,
        string? spanId = null,
        Exception? exception = null)
    {
        if (IsEnabled(level))
        {
            Write(level, template, properties, traceId, spanId, exception, hostReported: false, forHost: false);
        }
    }

    /// <summary>One event for a host and the file: rendered for the host only when it shows the
    /// level, written to the file when the file takes it, not even built when neither does.</summary>
    public void Emit(
        ILogObserver observer,
        HeroLogLevel level,
        string template,
        IEnumerable<KeyValuePair<string, object?>> properties,
        string? traceId = null,
        string? spanId = null,
        Exception? exception = null,
        bool hostReported = false)
    {
        if (observer.Wants(level))
        {
            observer.OnLog(Write(level, template, properties, traceId, spanId, exception, hostReported));
        }
        else if (IsEnabled(level))
        {
            WriteToFile(level, template, properties, traceId, spanId, exception);
        }
    }

    /// <summary>Waits (bounded) until every event accepted so far is in the file.</summary>
    public bool Flush(TimeSpan timeout)
    {
        LogFile? file;
        lock (_gate)
        {
            file = _file;
        }

        return file?.Flush(timeout) ?? true;
    }

    /// <summary>Flushes and closes the file (module removal, process exit); a later write reopens it.</summary>
    public void Shutdown(TimeSpan timeout)
    {
        LogFile? file;
        lock (_gate)
        {
            file = _file;
            _file = null;
        }

        // Outside the lock: a slow file must not hold up other threads' (dropped) writes.
        file?.Close(timeout);
    }

    private string? Apply(HeroLoggingConfiguration settings)
    {
        LogFile? oldFile = _file;
        _file = null;
        settings.FileError = null;
        string? warning = null;
        if (settings.Path is { } path)
        {
            string? problem = ProbeWritable(path);
            if (problem is null)
            {
                _file = LogFile.Open(settings, path);
            }
            else
            {
                settings.FileError = problem;
                warning = $"Hero cannot write the log file '{path}': {problem} Events still reach the host; tasks run as usual.";
            }
        }

        _settings = settings;

        // The old pipeline's only sink is its buffer: one bounded flush-and-close ends it.
        oldFile?.Close(TimeSpan.FromSeconds(2));
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

    /// <summary>Builds the event: for the file when it takes the level, for the host when
    /// <paramref name="forHost"/>. The only member that names Serilog's types.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private HeroLogRecord? Write(
        HeroLogLevel level,
        string template,
        IEnumerable<KeyValuePair<string, object?>>? properties,
        string? traceId,
        string? spanId,
        Exception? exception,
        bool hostReported,
        bool forHost)
    {
        LogEventBinder binder = Binder();
        DateTimeOffset now = DateTimeOffset.UtcNow;
        MessageTemplate parsed = binder.Parse(template);
        Dictionary<string, LogEventProperty> bound = binder.Bind(properties);
        string trace = traceId ?? TraceContext.SessionTraceId;
        string span = spanId ?? TraceContext.SessionSpanId;
        LogFile? file;
        lock (_gate)
        {
            if (_file is null && _settings.Path is not null && _settings.FileError is null)
            {
                // Closed by module removal and used again (Import-Module -Force): reopen.
                Apply(_settings);
            }

            file = _file;
        }

        // The event (ids parsed, exception masked) is built only for a file that takes it: the host
        // record needs none of it.
        if (file is not null && IsEnabled(level))
        {
            Exception? masked = exception is null ? null : new LoggedException(exception, _masker);
            file.Write(new LogEvent(
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

        var plain = bound.ToDictionary(p => p.Key, p => LogEventBinder.Plain(p.Value.Value), StringComparer.OrdinalIgnoreCase);
        string message = TemplateRenderer.Render(parsed.Text, name => plain.TryGetValue(name, out object? value) ? (true, value) : (false, null));
        return new HeroLogRecord(now.UtcDateTime, level, message, parsed.Text, trace, span, plain, hostReported);
    }

    /// <summary>Made at the first event built: its template cache holds Serilog's types.</summary>
    private LogEventBinder Binder()
    {
        if (Volatile.Read(ref _binder) is { } binder)
        {
            return binder;
        }

        Interlocked.CompareExchange(ref _binder, new LogEventBinder(_masker), null);
        return _binder!;
    }

    /// <summary>An exception as logged: its text with secrets masked.</summary>
    private sealed class LoggedException(Exception original, SecretMasker masker)
        : Exception(masker.MaskAll(original.Message))
    {
        public override string ToString() => masker.MaskAll(original.ToString());
    }
}
