using Hero.Tasks;

namespace Hero.Batch;

/// <summary>What a batch reports besides each task's own events. Called from any thread.</summary>
public interface IBatchObserver : ITaskObserver
{
    void OnTaskStarted(string taskName);

    void OnTaskFinished(HeroTaskResult result);
}
