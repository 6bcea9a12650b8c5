using System;

namespace Hero.Backup;

/// <summary>A restore that cannot go on: a hash that does not match, a missing artifact, a clone that
/// failed. Nothing is unpacked after a failed verification.</summary>
public sealed class HeroRestoreException : Exception
{
    public HeroRestoreException(string message)
        : base(message)
    {
    }
}
