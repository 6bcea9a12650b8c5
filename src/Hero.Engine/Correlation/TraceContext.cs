using System;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Hero.Correlation;

/// <summary>W3C trace context for a PowerShell session. The session adopts the trace id of the
/// TRACEPARENT or HERO_CORRELATION_ID it was started with, so a tree of scripts and tasks logs one
/// story; each task and attempt is a span of it.</summary>
public static class TraceContext
{
    public const string TraceParentVariable = "TRACEPARENT";
    public const string CorrelationVariable = "HERO_CORRELATION_ID";

    private static readonly Regex TraceParentPattern = new(@"^[0-9a-f]{2}-(?<trace>[0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$", RegexOptions.Compiled | RegexOptions.CultureInvariant);
    private static readonly Regex TraceIdPattern = new(@"^[0-9a-f]{32}$", RegexOptions.Compiled | RegexOptions.CultureInvariant);
    private static readonly Lazy<string> s_session = new(ReadSession);
    private static readonly Lazy<string> s_sessionSpan = new(NewSpanId);

    // Shared: every task and attempt takes ids from it, and the implementation behind Create is
    // thread-safe on both .NET Framework and .NET.
    private static readonly RandomNumberGenerator Rng = RandomNumberGenerator.Create();
    private static string? s_override;

    /// <summary>The session's trace id (32 lowercase hex).</summary>
    public static string SessionTraceId => s_override ?? s_session.Value;

    /// <summary>The span of this session: events not tied to a task use it.</summary>
    public static string SessionSpanId => s_sessionSpan.Value;

    public static void OverrideForSession(string? traceId) => s_override = traceId;

    public static string NewTraceId() => RandomHex(16);

    public static string NewSpanId() => RandomHex(8);

    public static string FormatTraceParent(string traceId, string spanId) => $"00-{traceId}-{spanId}-01";

    public static bool IsTraceId(string? value) => value is not null && TraceIdPattern.IsMatch(value) && value != new string('0', 32);

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

    private static string ReadSession()
    {
        string? parent = Environment.GetEnvironmentVariable(TraceParentVariable)?.Trim().ToLowerInvariant();
        if (parent is not null)
        {
            Match match = TraceParentPattern.Match(parent);
            if (match.Success && IsTraceId(match.Groups["trace"].Value))
            {
                return match.Groups["trace"].Value;
            }
        }

        string? correlation = Environment.GetEnvironmentVariable(CorrelationVariable);
        if (!string.IsNullOrWhiteSpace(correlation))
        {
            return ToTraceId(correlation!);
        }

        return NewTraceId();
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
