using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Hero.Text;

namespace Hero.Health.Checks;

/// <summary>Kind "Http": a request to Uri (Method, default GET) answers with an expected status
/// (ExpectStatus, default any 2xx), optionally a body that BodyPattern matches (the first 1 MiB is
/// read), within the latency thresholds Warning and Critical (durations; latency counts until the
/// body is read). A status or body that does not match, a connection that fails, or a latency at or
/// over Critical: Critical. The value is the status code. Starts nothing.</summary>
public sealed class HttpEndpointCheck : HealthCheck
{
    internal static readonly string[] Keys = ["Uri", "Method", "ExpectStatus", "BodyPattern", "Warning", "Critical"];

    private const int MaxBodyBytes = 1024 * 1024;

    // One client for every check of the process: connections are pooled, and a client per request
    // would leave sockets in TIME_WAIT behind each run.
    private static readonly Lazy<HttpClient> Client = new(() => new HttpClient { Timeout = System.Threading.Timeout.InfiniteTimeSpan });

    private Uri _uri = null!;
    private HttpMethod _method = HttpMethod.Get;
    private int[]? _expect;
    private HealthPattern? _body;
    private TimeSpan? _warning;
    private TimeSpan? _critical;

    public override string Kind => "Http";

    internal static HttpEndpointCheck Create(HealthFields fields)
    {
        string uri = fields.String("Uri", required: true)!;
        if (!Uri.TryCreate(uri, UriKind.Absolute, out Uri? parsed) || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps))
        {
            throw fields.Problem("Uri", $"'{uri}' is not an absolute http:// or https:// address.");
        }

        return new HttpEndpointCheck
        {
            _uri = parsed,
            _method = new HttpMethod((fields.String("Method") ?? "GET").ToUpperInvariant()),
            _expect = fields.Ints("ExpectStatus", 100, 599),
            _body = fields.Pattern("BodyPattern"),
            _warning = fields.Has("Warning") ? fields.Duration("Warning", TimeSpan.Zero, allowInfinite: false) : null,
            _critical = fields.Has("Critical") ? fields.Duration("Critical", TimeSpan.Zero, allowInfinite: false) : null,
        };
    }

    public override async Task<HealthVerdict> CheckAsync(HealthContext context, CancellationToken cancel)
    {
        string threshold = Threshold();
        var clock = Stopwatch.StartNew();
        int status;
        string body;
        try
        {
            using var request = new HttpRequestMessage(_method, _uri);
            using HttpResponseMessage response = await Client.Value.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel).ConfigureAwait(false);
            status = (int)response.StatusCode;
            body = await ReadBodyAsync(response, cancel).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            return new HealthVerdict(HeroHealthStatus.Critical, null, threshold, $"{_method} {_uri} failed: {Innermost(e)}");
        }
        catch (IOException e) when (!cancel.IsCancellationRequested)
        {
            return new HealthVerdict(HeroHealthStatus.Critical, null, threshold, $"{_method} {_uri} failed while reading the answer: {e.Message}");
        }

        TimeSpan latency = clock.Elapsed;
        string timing = $"in {latency.TotalMilliseconds:0} ms";
        string tail = ResultTail(body);
        bool expected = _expect is null ? status is >= 200 and < 300 : _expect.Contains(status);
        if (!expected)
        {
            return new HealthVerdict(HeroHealthStatus.Critical, status, threshold, $"{_method} {_uri} answered {status} {timing}; expected {ExpectText()}.", tail);
        }

        if (_body is not null)
        {
            bool matched;
            try
            {
                matched = _body.IsMatch(body);
            }
            catch (RegexMatchTimeoutException)
            {
                return HealthVerdict.Error(HealthPattern.TimedOutMessage("BodyPattern"), tail);
            }

            if (!matched)
            {
                return new HealthVerdict(HeroHealthStatus.Critical, status, threshold, $"{_method} {_uri} answered {status} {timing}, but BodyPattern '{_body}' does not match the body.", tail);
            }
        }

        if (_critical is { } critical && latency >= critical)
        {
            return new HealthVerdict(HeroHealthStatus.Critical, status, threshold, $"{_method} {_uri} answered {status} {timing}, at or over the critical latency of {DurationParser.Format(critical)}.");
        }

        if (_warning is { } warning && latency >= warning)
        {
            return new HealthVerdict(HeroHealthStatus.Warning, status, threshold, $"{_method} {_uri} answered {status} {timing}, at or over the warning latency of {DurationParser.Format(warning)}.");
        }

        return HealthVerdict.Healthy(status, threshold, $"{_method} {_uri} answered {status} {timing}.");
    }

    private static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancel)
    {
        using Stream stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        using CancellationTokenRegistration abort = cancel.Register(stream.Dispose);
        var buffer = new byte[MaxBodyBytes];
        int total = 0;
        int read;
        try
        {
            while (total < buffer.Length && (read = await stream.ReadAsync(buffer, total, buffer.Length - total, cancel).ConfigureAwait(false)) > 0)
            {
                total += read;
            }
        }
        catch (ObjectDisposedException) when (cancel.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancel);
        }

        return Encoding.UTF8.GetString(buffer, 0, total);
    }

    private string Threshold()
    {
        string text = "status " + ExpectText();
        if (_body is not null) text += ", body ~ /" + _body + "/";
        if (_warning is { } warning) text += ", warning >= " + DurationParser.Format(warning);
        if (_critical is { } critical) text += ", critical >= " + DurationParser.Format(critical);
        return text;
    }

    private string ExpectText() => _expect is null ? "2xx" : string.Join("|", _expect);

    private static string ResultTail(string body) => body.Length <= 2048 ? body : body.Substring(0, 2048);

    private static string Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e.Message;
    }
}
