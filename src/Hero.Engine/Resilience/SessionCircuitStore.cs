using System;
using System.Collections.Generic;
using System.Linq;

namespace Hero.Resilience;

/// <summary>Circuits of this PowerShell session (process).</summary>
internal sealed class SessionCircuitStore : ICircuitStore
{
    public static readonly SessionCircuitStore Instance = new();

    private readonly Dictionary<string, HeroCircuitState> _states = new(StringComparer.OrdinalIgnoreCase);

    public T Update<T>(string name, Func<HeroCircuitState?, (HeroCircuitState State, T Result)> change)
    {
        lock (_states)
        {
            _states.TryGetValue(name, out HeroCircuitState? current);
            (HeroCircuitState next, T result) = change(current?.Clone());
            _states[name] = next;
            return result;
        }
    }

    public IReadOnlyList<HeroCircuitState> All()
    {
        lock (_states)
        {
            return _states.Values.Select(s => s.Clone()).OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase).ToList();
        }
    }
}
