using System;
using Hero.Security;

namespace Hero.Logging;

/// <summary>The process's Hero log, a thin static front over one <see cref="HeroLogger"/>: every
/// cmdlet and task writes through <see cref="Current"/>, configured at first from HERO_LOG_PATH and
/// HERO_LOG_LEVEL, masked with the process's secrets, flushed at process exit.</summary>
public static class HeroLog
{
    static HeroLog()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Current.Shutdown(TimeSpan.FromSeconds(3));
    }

    public static HeroLogger Current { get; } = new(HeroLoggingConfiguration.FromEnvironment(), SecretMasker.Default);

    public static HeroLoggingConfiguration Settings => Current.Settings;

    /// <inheritdoc cref="HeroLogger.Configure"/>
    public static string? Configure(HeroLoggingConfiguration settings) => Current.Configure(settings);

    /// <inheritdoc cref="HeroLogger.IsEnabled"/>
    public static bool IsEnabled(HeroLogLevel level) => Current.IsEnabled(level);

    /// <inheritdoc cref="HeroLogger.Flush"/>
    public static bool Flush(TimeSpan timeout) => Current.Flush(timeout);

    /// <inheritdoc cref="HeroLogger.Shutdown"/>
    public static void Shutdown(TimeSpan timeout) => Current.Shutdown(timeout);
}
