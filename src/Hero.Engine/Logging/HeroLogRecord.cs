using System;
using System.Collections.Generic;

namespace Hero.Logging;

/// <summary>One event as Hero wrote it, handed to the host so it can echo it on the pipeline thread.</summary>
public sealed record HeroLogRecord(
    DateTime Timestamp,
    HeroLogLevel Level,
    string Message,
    string MessageTemplate,
    string TraceId,
    string SpanId,
    IReadOnlyDictionary<string, object?> Properties,
    bool HostReported)
{
    /// <summary>The task the event belongs to, when it does.</summary>
    public string? Task => Properties.TryGetValue("Task", out object? task) ? task as string : null;
}
