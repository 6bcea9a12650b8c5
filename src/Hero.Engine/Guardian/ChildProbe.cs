using System;
using System.Threading;
using System.Threading.Tasks;
using Hero.Health;
using Hero.Logging;
using static Hero.Guardian.GuardianEvents;

namespace Hero.Guardian;

/// <summary>A kept-alive child's liveness probe, with Kubernetes' semantics: the first probe one
/// interval after -HealthStartDelay, then one every interval, each under its timeout; the failure
/// threshold's worth of failures in a row ends the child (which the restart policy then restarts). A
/// probe is one of Test-HeroHealth's checks (Http, TcpPort, Custom), run through its runner, so a probe
/// that hangs is stopped at its timeout and never waited for.</summary>
internal sealed class ChildProbe : IDisposable
{
    private readonly CancellationTokenSource _stop = new();

    private ChildProbe()
    {
    }

    public static ChildProbe? Start(ProbeSpec? spec, HealthContext context, GuardianEvents events, Action<string> fail)
    {
        if (spec is null) return null;
        var probe = new ChildProbe();
        _ = probe.RunAsync(spec, context, events, fail);
        return probe;
    }

    private async Task RunAsync(ProbeSpec spec, HealthContext context, GuardianEvents events, Action<string> fail)
    {
        CancellationToken token = _stop.Token;
        try
        {
            TimeSpan timeout = TimeSpan.FromMilliseconds(spec.TimeoutMs);
            HealthCheck check = HealthCheckFactory.Create(spec.ToCheck(), "the guardian's probe", timeout);
            var options = new HealthRunOptions { ThrottleLimit = 1, Timeout = timeout + TimeSpan.FromSeconds(1), LogHealthy = false };
            TimeSpan interval = TimeSpan.FromMilliseconds(spec.IntervalMs);
            await Task.Delay(TimeSpan.FromMilliseconds(spec.StartDelayMs) + interval, token).ConfigureAwait(false);
            int failures = 0;
            while (!token.IsCancellationRequested)
            {
                var results = await HealthRunner.RunAsync([check], options, context, null, token).ConfigureAwait(false);
                if (token.IsCancellationRequested) return;
                HeroHealthResult result = results[0];
                if (result.Status is HeroHealthStatus.Healthy or HeroHealthStatus.Warning)
                {
                    if (failures > 0) events.Emit(HeroLogLevel.Information, "Guardian {Guardian}: the probe {Probe} passes again", P("Probe", spec.Describe()));
                    failures = 0;
                }
                else
                {
                    failures++;
                    events.Emit(HeroLogLevel.Warning, "Guardian {Guardian}: the probe {Probe} failed ({Failures} of {FailureThreshold}): {Reason}",
                        P("Probe", spec.Describe()), P("Failures", failures), P("FailureThreshold", spec.FailureThreshold), P("Reason", result.Message));
                    if (failures >= spec.FailureThreshold)
                    {
                        fail($"the health probe ({spec.Describe()}) failed {failures} times in a row: {result.Message}");
                        return;
                    }
                }

                await Task.Delay(interval, token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            events.Emit(HeroLogLevel.Error, "Guardian {Guardian}: the probe stopped working: {Reason}", P("Reason", e.Message));
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }
}
