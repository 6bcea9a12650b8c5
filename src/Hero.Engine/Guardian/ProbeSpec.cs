using System.Collections;

namespace Hero.Guardian;

/// <summary>-HealthUri, -HealthPort or -HealthCommand, with Kubernetes' liveness defaults: a probe
/// every 10 s, 1 s to answer, restart after 3 failures in a row.</summary>
internal sealed class ProbeSpec
{
    /// <summary>"Http", "TcpPort" or "Custom": Test-HeroHealth's check kinds.</summary>
    public string Kind { get; set; } = "Http";

    public string? Uri { get; set; }

    public int Port { get; set; }

    public string? Host { get; set; }

    /// <summary>The program and its arguments of a Custom probe.</summary>
    public string[]? Command { get; set; }

    public string? WorkingDirectory { get; set; }

    public double IntervalMs { get; set; } = 10_000;

    public double TimeoutMs { get; set; } = 1000;

    public int FailureThreshold { get; set; } = 3;

    public double StartDelayMs { get; set; }

    /// <summary>The check definition HealthCheckFactory turns into the probe.</summary>
    public Hashtable ToCheck()
    {
        var check = new Hashtable { ["Name"] = "probe", ["Kind"] = Kind };
        switch (Kind)
        {
            case "Http":
                check["Uri"] = Uri;
                break;
            case "TcpPort":
                check["Port"] = Port;
                check["Host"] = Host ?? "127.0.0.1";
                break;
            default:
                string[] command = Command ?? [];
                check["FilePath"] = command.Length > 0 ? command[0] : string.Empty;
                check["ArgumentList"] = command.Length > 1 ? System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Skip(command, 1)) : System.Array.Empty<string>();
                if (WorkingDirectory is not null) check["WorkingDirectory"] = WorkingDirectory;
                break;
        }

        return check;
    }

    /// <summary>What the probe does, for events and help: "GET http://...", "TCP 127.0.0.1:8080".</summary>
    public string Describe() => Kind switch
    {
        "Http" => "GET " + Uri,
        "TcpPort" => $"TCP {Host ?? "127.0.0.1"}:{Port}",
        _ => string.Join(" ", Command ?? []),
    };
}
