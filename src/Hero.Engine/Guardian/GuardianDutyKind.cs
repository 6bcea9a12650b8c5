namespace Hero.Guardian;

/// <summary>What a guardian runs: a command (a Hero task), a backup, or a health run.</summary>
public enum GuardianDutyKind
{
    Command,
    Backup,
    Health,
}
