namespace Hero.Backup;

public enum BackupProblemKind
{
    /// <summary>Listed, then gone before it could be read: not in the archive.</summary>
    Vanished,

    /// <summary>Its size or time changed while it was read: the archive holds what was read.</summary>
    Changed,

    /// <summary>Could not be opened or read (permissions, I/O error).</summary>
    Unreadable,

    /// <summary>A symbolic link whose target lies outside the tree: not stored, never followed.</summary>
    LinkOutsideTree,

    /// <summary>A link this platform cannot store (Windows PowerShell 5.1): skipped.</summary>
    LinkSkipped,

    /// <summary>A FIFO, socket or device: never opened (reading a FIFO would wait forever).</summary>
    SpecialFile,
}
