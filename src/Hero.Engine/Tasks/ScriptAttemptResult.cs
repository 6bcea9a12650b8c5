namespace Hero.Tasks;

/// <summary>How a script-block attempt ended.</summary>
public sealed record ScriptAttemptResult(
    bool Succeeded,
    bool Stopped,
    string? Message,
    string StdOut,
    string StdErr,
    object[] Output,
    bool Abandoned = false);
