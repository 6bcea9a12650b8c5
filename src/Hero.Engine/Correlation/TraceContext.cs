using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Hero.Correlation;

/// <summary>W3C trace context for a PowerShell session. The session adopts the trace id of the
/// TRACEPARENT or HERO_CORRELATION_ID it was started with, so a tree of scripts and tasks logs one
/// story; each task and attempt is a span of it.</summary>
public static partial class TraceContext
{
    public const string TraceParentVariable = "TRACEPARENT";
    public const string TraceStateVariable = "TRACESTATE";
    public const string CorrelationVariable = "HERO_CORRELATION_ID";

    private const string TraceIdText = @"^[0-9a-f]{32}$";
#if NET7_0_OR_GREATER
    // Generated at build time on .NET: a Compiled regex costs every fresh process about 10 ms to
    // emit and compile at its first use, and each CI step is a fresh process.
    private static readonly Regex TraceIdPattern = TraceIdRegex();

    [GeneratedRegex(TraceIdText, RegexOptions.CultureInvariant)]
    private static partial Regex TraceIdRegex();
#else
    private static readonly Regex TraceIdPattern = new(TraceIdText, RegexOptions.CultureInvariant | RegexOptions.Compiled);
#endif
    private static readonly Lazy<(string TraceId, bool FromTraceParent)> s_session = new(ReadSession);
    private static readonly Lazy<string> s_sessionSpan = new(NewSpanId);

    // Shared: every task and attempt takes ids from it, and the implementation behind Create is
    // thread-safe on both .NET Framework and .NET.
    private static readonly RandomNumberGenerator Rng = RandomNumberGenerator.Create();
    private static string? s_override;

    /// <summary>The session's trace id (32 lowercase hex).</summary>
    public static string SessionTraceId => s_override ?? s_session.Value.TraceId;

    /// <summary>The trace id taken from the TRACEPARENT this process was started with, or null when
    /// there was none or it was not valid.</summary>
    public static string? AdoptedTraceId => s_session.Value.FromTraceParent ? s_session.Value.TraceId : null;

    /// <summary>The span of this session: events not tied to a task use it.</summary>
    public static string SessionSpanId => s_sessionSpan.Value;

    public static void OverrideForSession(string? traceId) => s_override = traceId;

    public static string NewTraceId() => RandomHex(16);

    public static string NewSpanId() => RandomHex(8);

    public static string FormatTraceParent(string traceId, string spanId) => $"00-{traceId}-{spanId}-01";

    public static bool IsTraceId(string? value) => value is not null && TraceIdPattern.IsMatch(value) && value != new string('0', 32);

    /// <summary>A traceparent as W3C Trace Context (level 1, 3.2 and 4.3) reads it: lowercase hex
    /// only, version ff and all-zero ids invalid, version 00 exactly 55 characters, and a later version
    /// read by its first four fields so long as a dash or the end follows them (forward compatible).
    /// Spaces and tabs around it are allowed, as around an HTTP header value.</summary>
    public static bool TryParseTraceParent(string? header, out string traceId, out string parentId)
    {
        traceId = parentId = string.Empty;
        string value = header?.Trim(' ', '\t') ?? string.Empty;
        if (value.Length < 55 || value[2] != '-' || value[35] != '-' || value[52] != '-') return false;
        string version = value.Substring(0, 2);
        if (!IsLowerHex(version) || version == "ff") return false;
        if (version == "00" ? value.Length != 55 : value.Length > 55 && value[55] != '-') return false;
        string trace = value.Substring(3, 32), parent = value.Substring(36, 16), flags = value.Substring(53, 2);
        if (!IsLowerHex(trace) || !IsLowerHex(parent) || !IsLowerHex(flags)) return false;
        if (trace == new string('0', 32) || parent == new string('0', 16)) return false;
        traceId = trace;
        parentId = parent;
        return true;
    }

    /// <summary>What a child gets: a traceparent for its span and the trace id. TRACESTATE is the
    /// vendor state of the trace that TRACEPARENT named, so it goes on only with that trace; under a
    /// new trace it would be attributed to one it never belonged to.</summary>
    public static void PassOn(IDictionary<string, string> environment, string traceId, string spanId) =>
        PassOn(environment, traceId, spanId, AdoptedTraceId);

    internal static void PassOn(IDictionary<string, string> environment, string traceId, string spanId, string? adoptedTraceId)
    {
        environment[TraceParentVariable] = FormatTraceParent(traceId, spanId);
        environment[CorrelationVariable] = traceId;
        if (!string.Equals(adoptedTraceId, traceId, StringComparison.Ordinal)) environment.Remove(TraceStateVariable);
    }

    /// <summary>A correlation id a user gave: a trace id is taken as is; any other text is hashed into
    /// one, so the same id always maps to the same trace.</summary>
    public static string ToTraceId(string correlationId)
    {
        string lowered = correlationId.Trim().ToLowerInvariant().Replace("-", string.Empty);
        if (IsTraceId(lowered)) return lowered;
        using var sha = SHA256.Create();
        byte[] hash = sha.ComputeHash(System.Text.Encoding.UTF8.GetBytes(correlationId));
        return ToHex(hash, 16);
    }

    private static (string, bool) ReadSession()
    {
        if (TryParseTraceParent(Environment.GetEnvironmentVariable(TraceParentVariable), out string traceId, out _))
        {
            return (traceId, true);
        }

        string? correlation = Environment.GetEnvironmentVariable(CorrelationVariable);
        if (!string.IsNullOrWhiteSpace(correlation))
        {
            return (ToTraceId(correlation!), false);
        }

        return (NewTraceId(), false);
    }

    private static bool IsLowerHex(string text)
    {
        foreach (char c in text)
        {
            if (c is not (>= '0' and <= '9' or >= 'a' and <= 'f')) return false;
        }

        return true;
    }

    private static string RandomHex(int bytes)
    {
        byte[] buffer = new byte[bytes];
        Rng.GetBytes(buffer);
        return ToHex(buffer, bytes);
    }

    private static string ToHex(byte[] bytes, int count)
    {
        var chars = new char[count * 2];
        const string digits = "0123456789abcdef";
        for (int i = 0; i < count; i++)
        {
            chars[2 * i] = digits[bytes[i] >> 4];
            chars[2 * i + 1] = digits[bytes[i] & 0xF];
        }

        return new string(chars);
    }
}
