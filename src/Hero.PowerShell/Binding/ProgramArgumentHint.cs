namespace Hero.PowerShell.Binding;

/// <summary>A value the binder could not convert is often one that was meant for the program: in
/// `Invoke-HeroTask du -h f` the binder gives 'f' to -HeartbeatInterval before Hero can see the line.</summary>
internal static class ProgramArgumentHint
{
    public static string For(object? value) => value is string text
        ? $" If '{text}' was meant for the program, put the cmdlet's own parameters first and '--' before the program: Invoke-HeroTask <parameters> -- <program> <arguments>."
        : string.Empty;
}
