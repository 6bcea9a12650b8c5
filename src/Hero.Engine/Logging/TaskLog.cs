using System;
using System.Collections.Generic;
using Hero.Correlation;
using Hero.Tasks;

namespace Hero.Logging;

/// <summary>A task's lifecycle events, all under the task's trace id: the task is a span and each
/// attempt a span of its own, and the attempt's span is the parent the child process sees in
/// TRACEPARENT. Every event goes to the Hero log and to the host (which decides what to show).</summary>
internal sealed class TaskLog
{
    private readonly ITaskObserver _observer;

    public TaskLog(string task, string traceId, ITaskObserver observer)
    {
        Task = task;
        TraceId = traceId;
        TaskSpanId = TraceContext.NewSpanId();
        _observer = observer;
    }

    public string Task { get; }

    public string TraceId { get; }

    public string TaskSpanId { get; }

    public int Attempt { get; private set; }

    public string? AttemptSpanId { get; private set; }

    public string BeginAttempt(int attempt)
    {
        Attempt = attempt;
        AttemptSpanId = TraceContext.NewSpanId();
        return AttemptSpanId;
    }

    public void Emit(HeroLogLevel level, string template, IEnumerable<KeyValuePair<string, object?>> properties, bool hostReported = false, Exception? exception = null)
    {
        if (!_observer.Wants(level) && !HeroLog.IsEnabled(level))
        {
            return;
        }

        var all = new List<KeyValuePair<string, object?>>
        {
            new("Task", Task),
            new("Attempt", Attempt),
        };

        // An attempt is a span of its own inside the task's: its events name the task's span as their
        // parent, so one task's events are found by the task's span.
        if (AttemptSpanId is not null) all.Add(new(ParentSpanProperty, TaskSpanId));
        all.AddRange(properties);
        HeroLog.Current.Emit(_observer, level, template, all, TraceId, AttemptSpanId ?? TaskSpanId, exception, hostReported);
    }

    /// <summary>The property that carries an event's parent span (CLEF has no field for it).</summary>
    public const string ParentSpanProperty = "ParentSpanId";

    public static KeyValuePair<string, object?> P(string name, object? value) => new(name, value);

    public static long Ms(TimeSpan span) => (long)Math.Round(span.TotalMilliseconds);
}
