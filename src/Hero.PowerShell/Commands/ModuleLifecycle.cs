using System;
using Hero.Logging;

namespace Hero.Commands;

/// <summary>Called by Hero.psm1 when the module is removed.</summary>
public static class ModuleLifecycle
{
    public static void OnRemove() => HeroLog.Shutdown(TimeSpan.FromSeconds(3));
}
