using Hero.Logging;

namespace Hero.Resilience;

/// <summary>A host that is told when a retried call waits, so the wait shows (a progress bar with the
/// time to the next attempt) instead of a silent pause. May be called from any thread.</summary>
public interface IRetryObserver : ILogObserver
{
    void OnRetryWait(RetryWait wait);
}
