using System;
using System.Threading;
using System.Threading.Tasks;

namespace Hero.Health;

/// <summary>One health check: a kind (a subclass in Hero.Health.Checks), a name, its own timeout and
/// optionally a fix. Checks that start a child process say so, so -Quick can leave them out; they run
/// their commands as Hero tasks (kill group, stop sequence), never through a shell.</summary>
public abstract class HealthCheck
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultFixTimeout = TimeSpan.FromMinutes(10);

    /// <summary>The keys every kind takes.</summary>
    public static readonly string[] CommonKeys = ["Name", "Kind", "Timeout", "Fix", "FixTimeout"];

    public string Name { get; internal set; } = string.Empty;

    public abstract string Kind { get; }

    public TimeSpan Timeout { get; internal set; } = DefaultTimeout;

    /// <summary>The declared fix: a program and its arguments, run only by Test-HeroHealth -Fix.</summary>
    public HeroTaskDefinition? Fix { get; internal set; }

    /// <summary>True for kinds that run a program: -Quick leaves them out.</summary>
    public virtual bool StartsProcess => false;

    /// <summary>Decides the check. The token fires at the check's timeout, at the run's global
    /// deadline and on Ctrl+C; in-process checks should honour it, but the runner does not wait for
    /// one that does not.</summary>
    public abstract Task<HealthVerdict> CheckAsync(HealthContext context, CancellationToken cancel);

    public override string ToString() => $"{Name} ({Kind})";
}
