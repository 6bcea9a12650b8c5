using System.Threading;
using System.Threading.Tasks;

namespace Hero.Tasks;

/// <summary>Runs the host's code for the engine: the attempts of a script-block task, and a -RetryIf
/// judge. The PowerShell layer provides it; the engine keeps what is common to every task kind
/// around it: retries, deadlines, logging.</summary>
public interface IScriptHost
{
    /// <param name="stop">Cancelled by a deadline or Ctrl+C: stop the pipeline, and give up on it after
    /// the grace period if it is stuck in a blocking call.</param>
    Task<ScriptAttemptResult> RunAttemptAsync(HeroTaskDefinition task, int attempt, CancellationToken stop);

    /// <summary>Whether the attempt just judged should be retried; may throw (the task then ends).</summary>
    Task<bool> JudgeRetryAsync(IHostScript judge, HeroTaskResult attempt, CancellationToken cancel);
}
