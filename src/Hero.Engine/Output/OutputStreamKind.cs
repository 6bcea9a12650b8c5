namespace Hero.Output;

public enum OutputStreamKind
{
    StdOut,
    StdErr,
}
