using System.Threading;
using System.Threading.Tasks;
using Hero.Tasks;

namespace Hero.Batch;

/// <summary>Runs one task of a batch. Process tasks go to the engine's TaskRunner; script-block tasks
/// to whatever the host provides.</summary>
public delegate Task<HeroTaskResult> TaskExecutor(HeroTaskDefinition task, ITaskObserver observer, CancellationToken cancel);
