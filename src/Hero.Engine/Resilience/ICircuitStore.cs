using System;
using System.Collections.Generic;

namespace Hero.Resilience;

/// <summary>Where circuit states live. Update runs read-modify-write as one step, so two callers
/// (threads or processes) never lose each other's changes.</summary>
internal interface ICircuitStore
{
    T Update<T>(string name, Func<HeroCircuitState?, (HeroCircuitState State, T Result)> change);

    IReadOnlyList<HeroCircuitState> All();
}
