using System.Threading;
using System.Threading.Tasks;

namespace Hero.Tasks;

/// <summary>Runs one attempt of a script-block task; the PowerShell layer provides it (a runspace pool).
/// The engine keeps what is common to every task kind around it: retries, deadlines, logging.</summary>
public interface IScriptHost
{
    /// <param name="stop">Cancelled by a deadline or Ctrl+C: stop the pipeline, and give up on it after
    /// the grace period if it is stuck in a blocking call.</param>
    Task<ScriptAttemptResult> RunAttemptAsync(HeroTaskDefinition task, int attempt, CancellationToken stop);
}
