namespace Hero.Tasks;

/// <summary>Code of the host's language (a PowerShell script block) that a definition carries and the
/// engine never runs itself: it hands it back to the <see cref="IScriptHost"/> that owns it.</summary>
public interface IHostScript
{
    /// <summary>The code as one short line, for the result's Command and the log.</summary>
    string Display { get; }
}
