using System.Threading;
using System.Threading.Tasks;
using Hero.Text;

namespace Hero.Health.Checks;

/// <summary>Kind "Memory": memory available to new work, against Warning (default '10%') and
/// Critical (default '5%'), sizes or shares of the total. How it is read per platform is described on
/// <see cref="MemoryProbe"/>. Starts nothing.</summary>
public sealed class MemoryAvailableCheck : HealthCheck
{
    internal static readonly string[] Keys = ["Warning", "Critical"];

    private CapacityThreshold _warning = null!;
    private CapacityThreshold _critical = null!;

    public override string Kind => "Memory";

    internal static MemoryAvailableCheck Create(HealthFields fields) => new()
    {
        _warning = fields.Capacity("Warning", "10%"),
        _critical = fields.Capacity("Critical", "5%"),
    };

    public override Task<HealthVerdict> CheckAsync(HealthContext context, CancellationToken cancel)
    {
        if (MemoryProbe.Read() is not { } memory)
        {
            return Task.FromResult(HealthVerdict.Error("This platform does not say how much memory is available."));
        }

        string threshold = $"warning {_warning}, critical {_critical}";
        string message = $"{SizeParser.Format(memory.Available)} available of {SizeParser.Format(memory.Total)} ({memory.Available * 100.0 / memory.Total:0.#}%, {memory.Source}).";
        HeroHealthStatus status = _critical.IsBreached(memory.Available, memory.Total) ? HeroHealthStatus.Critical
            : _warning.IsBreached(memory.Available, memory.Total) ? HeroHealthStatus.Warning
            : HeroHealthStatus.Healthy;
        return Task.FromResult(new HealthVerdict(status, memory.Available, threshold, message));
    }
}
