using System;

namespace Hero.Backup;

/// <summary>The exception of a HeroBackupFailed error; the result rides along.</summary>
public sealed class HeroBackupException : Exception
{
    public HeroBackupException(string message, HeroBackupResult result)
        : base(message)
    {
        Result = result;
    }

    public HeroBackupResult Result { get; }
}
