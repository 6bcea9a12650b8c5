using System;
using System.Collections.Generic;
using Hero.Correlation;

namespace Hero.Tests.Correlation;

/// <summary>traceparent as the W3C Trace Context test suite checks it (test/test.py of
/// w3c/trace-context: version, trace id, parent id and flags cases), and what TRACESTATE does.</summary>
public class TraceContextTests
{
    private const string Trace = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string Parent = "00f067aa0ba902b7";

    [Theory]
    [InlineData("00-" + Trace + "-" + Parent + "-01")]
    [InlineData("00-" + Trace + "-" + Parent + "-00")]
    [InlineData("00-" + Trace + "-" + Parent + "-ff")]
    [InlineData(" \t00-" + Trace + "-" + Parent + "-01\t ")]
    [InlineData("01-" + Trace + "-" + Parent + "-01")]
    [InlineData("cc-" + Trace + "-" + Parent + "-01-what-the-future-will-be-like")]
    [InlineData("cc-" + Trace + "-" + Parent + "-01-")]
    [InlineData("fe-" + Trace + "-" + Parent + "-09")]
    public void Valid_traceparents_are_adopted_by_their_first_four_fields(string header)
    {
        Assert.True(TraceContext.TryParseTraceParent(header, out string traceId, out string parentId), header);
        Assert.Equal(Trace, traceId);
        Assert.Equal(Parent, parentId);
    }

    [Theory]
    [InlineData("ff-" + Trace + "-" + Parent + "-01")]
    [InlineData("00-" + Trace + "-0000000000000000-01")]
    [InlineData("00-00000000000000000000000000000000-" + Parent + "-01")]
    [InlineData("00-4BF92F3577B34DA6A3CE929D0E0E4736-" + Parent + "-01")]
    [InlineData("00-" + Trace + "-00F067AA0BA902B7-01")]
    [InlineData("00-" + Trace + "-" + Parent + "-0A")]
    [InlineData("0A-" + Trace + "-" + Parent + "-01")]
    [InlineData("00-" + Trace + "-" + Parent + "-01-what-the-future-will-be-like")]
    [InlineData("00-" + Trace + "-" + Parent + "-01.")]
    [InlineData("cc-" + Trace + "-" + Parent + "-01.what-the-future-will-be-like")]
    [InlineData("cc-" + Trace + "-" + Parent + "-1")]
    [InlineData("0-" + Trace + "-" + Parent + "-01")]
    [InlineData("000-" + Trace + "-" + Parent + "-01")]
    [InlineData("00-" + Trace + "0-" + Parent + "-01")]
    [InlineData("00-" + Trace + "-" + Parent + "0-01")]
    [InlineData("00_" + Trace + "-" + Parent + "-01")]
    [InlineData("00-" + Trace + "_" + Parent + "-01")]
    [InlineData("00-" + Trace + "-" + Parent + "_01")]
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e473.-" + Parent + "-01")]
    [InlineData("00-" + Trace + "-00f067aa0ba902b.-01")]
    [InlineData("00-" + Trace + "-" + Parent + "-.1")]
    [InlineData("gg-" + Trace + "-" + Parent + "-01")]
    [InlineData("")]
    [InlineData(null)]
    public void Invalid_traceparents_are_not_adopted(string? header)
    {
        Assert.False(TraceContext.TryParseTraceParent(header, out _, out _), header);
    }

    private static Dictionary<string, string> Inherited() => new()
    {
        ["TRACEPARENT"] = "00-" + Trace + "-" + Parent + "-01",
        ["TRACESTATE"] = "congo=t61rcWkgMzE",
        ["PATH"] = "/bin",
    };

    [Fact]
    public void TRACESTATE_goes_on_with_the_trace_it_belongs_to()
    {
        Dictionary<string, string> environment = Inherited();
        TraceContext.PassOn(environment, Trace, "b7ad6b7169203331", adoptedTraceId: Trace);
        Assert.Equal("congo=t61rcWkgMzE", environment["TRACESTATE"]);
        Assert.Equal($"00-{Trace}-b7ad6b7169203331-01", environment["TRACEPARENT"]);
        Assert.Equal(Trace, environment["HERO_CORRELATION_ID"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("0af7651916cd43dd8448eb211c80319c")]
    public void TRACESTATE_is_dropped_under_a_trace_it_does_not_belong_to(string? adopted)
    {
        // No TRACEPARENT adopted, or a -CorrelationId that starts a trace of its own.
        Dictionary<string, string> environment = Inherited();
        string fresh = TraceContext.NewTraceId();
        TraceContext.PassOn(environment, fresh, TraceContext.NewSpanId(), adopted);
        Assert.False(environment.ContainsKey("TRACESTATE"));
        Assert.StartsWith($"00-{fresh}-", environment["TRACEPARENT"], StringComparison.Ordinal);
        Assert.Equal("/bin", environment["PATH"]);
    }
}
