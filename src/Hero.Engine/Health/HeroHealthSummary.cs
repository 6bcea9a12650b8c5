using System;
using System.Collections.Generic;
using System.Linq;

namespace Hero.Health;

/// <summary>One health run: the worst status of its checks, the counts, and every result.</summary>
public sealed class HeroHealthSummary
{
    public HeroHealthSummary(IReadOnlyList<HeroHealthResult> results, TimeSpan duration)
    {
        Results = results;
        Duration = duration;
        Status = results.Count == 0 ? HeroHealthStatus.Healthy : results.Select(r => r.Status).OrderByDescending(Severity).First();
    }

    public HeroHealthStatus Status { get; }

    public int Total => Results.Count;

    public int Healthy => Count(HeroHealthStatus.Healthy);

    public int Warning => Count(HeroHealthStatus.Warning);

    public int Critical => Count(HeroHealthStatus.Critical);

    public int Error => Count(HeroHealthStatus.Error);

    public int TimedOut => Count(HeroHealthStatus.TimedOut);

    public TimeSpan Duration { get; }

    public IReadOnlyList<HeroHealthResult> Results { get; }

    public bool IsProblem => Results.Any(r => r.IsProblem);

    /// <summary>Critical is worse than Error (the check could not tell), worse than TimedOut.</summary>
    public static int Severity(HeroHealthStatus status) => status switch
    {
        HeroHealthStatus.Critical => 4,
        HeroHealthStatus.Error => 3,
        HeroHealthStatus.TimedOut => 2,
        HeroHealthStatus.Warning => 1,
        _ => 0,
    };

    private int Count(HeroHealthStatus status) => Results.Count(r => r.Status == status);

    public override string ToString()
    {
        var parts = new List<string>();
        foreach (HeroHealthStatus status in new[] { HeroHealthStatus.Healthy, HeroHealthStatus.Warning, HeroHealthStatus.Critical, HeroHealthStatus.Error, HeroHealthStatus.TimedOut })
        {
            int count = Count(status);
            if (count > 0) parts.Add($"{count} {status.ToString().ToLowerInvariant()}");
        }

        return $"{Status}: {Total} check(s)" + (parts.Count > 0 ? ", " + string.Join(", ", parts) : string.Empty);
    }
}
