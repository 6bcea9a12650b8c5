using System;
using System.Collections.Generic;

namespace Hero.Logging;

/// <summary>One event read back from a CLEF file by Get-HeroLog.</summary>
public sealed class HeroLogEvent
{
    /// <summary>UTC.</summary>
    public DateTime Timestamp { get; set; }

    public HeroLogLevel Level { get; set; }

    public string Message { get; set; } = string.Empty;

    public string MessageTemplate { get; set; } = string.Empty;

    public string? TraceId { get; set; }

    public string? SpanId { get; set; }

    /// <summary>The span this event's span belongs to: a task's, for the events of its attempts.</summary>
    public string? ParentSpanId { get; set; }

    public string? Task { get; set; }

    public int? Attempt { get; set; }

    public int? ExitCode { get; set; }

    public string? Exception { get; set; }

    /// <summary>Every field that is not one of CLEF's reserved @ fields.</summary>
    public IDictionary<string, object?> Properties { get; set; } = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);

    public string Path { get; set; } = string.Empty;

    public int LineNumber { get; set; }

    public override string ToString() => $"{Timestamp:yyyy-MM-ddTHH:mm:ss.fffZ} [{Level}] {Message}";
}
