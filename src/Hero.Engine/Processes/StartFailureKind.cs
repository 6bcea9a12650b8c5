namespace Hero.Processes;

public enum StartFailureKind
{
    NotFound,
    NotExecutable,
    Other,
}
