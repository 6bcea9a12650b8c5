using System;
using System.Collections.Generic;
using Hero.Correlation;
using Hero.Logging;

namespace Hero.Guardian;

/// <summary>A guardian's lifecycle events in the Hero log, all under the guardian's own trace id: the
/// worker's life is one span, and each run of the child (each start and restart, each run of a duty)
/// a span of its own inside it, whose id the child gets in TRACEPARENT.</summary>
internal sealed class GuardianEvents
{
    private readonly string _name;

    public GuardianEvents(string name, string traceId)
        : this(name, traceId, TraceContext.NewSpanId())
    {
    }

    private GuardianEvents(string name, string traceId, string workerSpanId)
    {
        _name = name;
        TraceId = traceId;
        WorkerSpanId = workerSpanId;
    }

    /// <summary>Events of the same worker for a run that goes on beside the worker's own events.</summary>
    public GuardianEvents Fork() => new(_name, TraceId, WorkerSpanId);

    public string TraceId { get; }

    public string WorkerSpanId { get; }

    public int Run { get; private set; }

    public string? RunSpanId { get; private set; }

    /// <summary>A new run span; the returned id is the child's parent span.</summary>
    public string BeginRun(int run)
    {
        Run = run;
        RunSpanId = TraceContext.NewSpanId();
        return RunSpanId;
    }

    public void EndRun() => RunSpanId = null;

    public void Emit(HeroLogLevel level, string template, params KeyValuePair<string, object?>[] properties)
    {
        if (!HeroLog.IsEnabled(level)) return;
        var all = new List<KeyValuePair<string, object?>> { new("Guardian", _name) };
        if (RunSpanId is not null)
        {
            all.Add(new("Run", Run));
            all.Add(new(TaskLog.ParentSpanProperty, WorkerSpanId));
        }

        all.AddRange(properties);
        HeroLog.Current.WriteToFile(level, template, all, TraceId, RunSpanId ?? WorkerSpanId);
    }

    public static KeyValuePair<string, object?> P(string name, object? value) => new(name, value);

    public static long Ms(TimeSpan span) => (long)Math.Round(span.TotalMilliseconds);
}
