using System;
using System.Diagnostics;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Hero.Health.Checks;

/// <summary>Kind "TcpPort": a TCP connection to Host (default 127.0.0.1) and Port is accepted.
/// Refused, unreachable or an unknown host: Critical; no answer before the check's timeout:
/// TimedOut. The value is whether the port is open. Starts nothing.</summary>
public sealed class TcpPortCheck : HealthCheck
{
    internal static readonly string[] Keys = ["Host", "Port"];

    private string _host = "127.0.0.1";
    private int _port;

    public override string Kind => "TcpPort";

    internal static TcpPortCheck Create(HealthFields fields) => new()
    {
        _host = fields.String("Host") ?? "127.0.0.1",
        _port = fields.Has("Port") ? fields.Int("Port", 0, 1, 65535) : throw fields.Problem("Port", "is required (1 to 65535)."),
    };

    public override async Task<HealthVerdict> CheckAsync(HealthContext context, CancellationToken cancel)
    {
        string endpoint = $"{_host}:{_port}";
        var clock = Stopwatch.StartNew();
        using var client = new TcpClient();
        try
        {
#if NET
            await client.ConnectAsync(_host, _port, cancel).ConfigureAwait(false);
#else
            using (cancel.Register(client.Close))
            {
                await client.ConnectAsync(_host, _port).ConfigureAwait(false);
            }
#endif
        }
        catch (SocketException e)
        {
            return new HealthVerdict(HeroHealthStatus.Critical, false, "open", $"{endpoint} is not accepting connections: {e.Message}");
        }
        catch (Exception) when (cancel.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancel);
        }

        return HealthVerdict.Healthy(true, "open", $"{endpoint} accepted a connection in {clock.Elapsed.TotalMilliseconds:0} ms.");
    }
}
