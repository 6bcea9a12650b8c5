using System;
using System.IO;

namespace Hero.Backup;

/// <summary>Another run holds the destination's lock. The message names the holder.</summary>
public sealed class BackupLockedException : IOException
{
    public BackupLockedException(string message, string lockPath, int? holderProcessId)
        : base(message)
    {
        LockPath = lockPath;
        HolderProcessId = holderProcessId;
    }

    public string LockPath { get; }

    public int? HolderProcessId { get; }
}
