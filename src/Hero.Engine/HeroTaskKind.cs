namespace Hero;

public enum HeroTaskKind
{
    /// <summary>A program and its argument array; no shell.</summary>
    Process,

    /// <summary>A command line run through sh -c (cmd /c on Windows).</summary>
    Shell,

    /// <summary>A .ps1 run once in a child PowerShell.</summary>
    Script,

    /// <summary>A script block run in a runspace (by the PowerShell layer).</summary>
    ScriptBlock,
}
