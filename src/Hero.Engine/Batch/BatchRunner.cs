using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Hero.Logging;
using Hero.Tasks;

namespace Hero.Batch;

/// <summary>Runs a planned batch: never more than the throttle limit at once, each task under its own
/// deadline from its own start, a task only once everything it depends on succeeded. Results are
/// reported as tasks finish. A failure skips its dependents; with fail-fast it also cancels the
/// running tasks and skips the rest; Ctrl+C cancels everything.</summary>
public static class BatchRunner
{
    public static async Task<IReadOnlyList<HeroTaskResult>> RunAsync(
        BatchPlan plan, BatchOptions options, TaskExecutor executor, IBatchObserver observer, CancellationToken cancel)
    {
        var run = new Run(plan, options, executor, observer, cancel);
        return await run.ExecuteAsync().ConfigureAwait(false);
    }

    private sealed class Run
    {
        private readonly BatchPlan _plan;
        private readonly BatchOptions _options;
        private readonly TaskExecutor _executor;
        private readonly IBatchObserver _observer;
        private readonly CancellationToken _cancel;
        private readonly Dictionary<string, HeroTaskDefinition> _byName;
        private readonly Dictionary<string, int> _waitingOn;
        private readonly Dictionary<string, List<string>> _dependents;
        private readonly Queue<HeroTaskDefinition> _ready = new();
        // Only the run loop touches this (tasks report back through _finished), so it needs no lock.
        private readonly Dictionary<string, CancellationTokenSource> _running = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, HeroTaskResult> _done = new(StringComparer.OrdinalIgnoreCase);
        private readonly List<HeroTaskResult> _results = [];
        // The thread that finished a task has nothing left to do: it runs the loop on at once.
        private readonly Channel<HeroTaskResult> _finished = Channel.CreateUnbounded<HeroTaskResult>(new UnboundedChannelOptions { AllowSynchronousContinuations = true });
        private string? _failFastCause;

        public Run(BatchPlan plan, BatchOptions options, TaskExecutor executor, IBatchObserver observer, CancellationToken cancel)
        {
            _plan = plan;
            _options = options;
            _executor = executor;
            _observer = observer;
            _cancel = cancel;
            _byName = plan.Tasks.ToDictionary(t => t.Name!, StringComparer.OrdinalIgnoreCase);
            _waitingOn = plan.Tasks.ToDictionary(t => t.Name!, t => plan.Dependencies[t.Name!].Length, StringComparer.OrdinalIgnoreCase);
            _dependents = plan.Tasks.ToDictionary(t => t.Name!, _ => new List<string>(), StringComparer.OrdinalIgnoreCase);
            foreach (HeroTaskDefinition task in plan.Tasks)
            {
                foreach (string dependency in plan.Dependencies[task.Name!]) _dependents[dependency].Add(task.Name!);
            }
        }

        public async Task<IReadOnlyList<HeroTaskResult>> ExecuteAsync()
        {
            foreach (HeroTaskDefinition task in _plan.Tasks.Where(t => _waitingOn[t.Name!] == 0)) _ready.Enqueue(task);
            int throttle = Math.Max(1, _options.ThrottleLimit);
            if (_plan.Tasks.Count > 1)
            {
                HeroLog.Current.WriteToFile(HeroLogLevel.Information, "Batch of {TaskCount} task(s) started, at most {ThrottleLimit} at once",
                    [new("TaskCount", _plan.Tasks.Count), new("ThrottleLimit", throttle), new("FailFast", _options.FailFast)]);
            }
            try
            {
                await RunLoopAsync(throttle).ConfigureAwait(false);
            }
            catch
            {
                // Something failed outside a task (an observer, a report): never leave trees running.
                CancelRunning();
                await DrainRunningAsync().ConfigureAwait(false);
                throw;
            }

            return _results;
        }

        private async Task RunLoopAsync(int throttle)
        {
            while (_done.Count < _plan.Tasks.Count)
            {
                while (_running.Count < throttle && _ready.Count > 0 && !Stopping)
                {
                    Start(_ready.Dequeue());
                }

                if (_running.Count == 0)
                {
                    // Nothing can start any more (stopping): the rest never runs.
                    foreach (HeroTaskDefinition task in _plan.Tasks.Where(t => !_done.ContainsKey(t.Name!)).ToList())
                    {
                        Finish(NotRun(task, _cancel.IsCancellationRequested ? HeroTaskStatus.Cancelled : HeroTaskStatus.Skipped,
                            _cancel.IsCancellationRequested ? "Cancelled before it started." : $"Skipped: fail-fast after '{_failFastCause}' failed."));
                    }

                    break;
                }

                HeroTaskResult result = await _finished.Reader.ReadAsync(CancellationToken.None).ConfigureAwait(false);
                _running.Remove(result.Name);
                Finish(result);
            }
        }

        /// <summary>Waits (bounded by the tasks' own stop sequences) until every started task ended.</summary>
        private async Task DrainRunningAsync()
        {
            while (_running.Count > 0)
            {
                HeroTaskResult result = await _finished.Reader.ReadAsync(CancellationToken.None).ConfigureAwait(false);
                _running.Remove(result.Name);
            }
        }

        private bool Stopping => _cancel.IsCancellationRequested || _failFastCause is not null;

        private void Start(HeroTaskDefinition task)
        {
            var stop = CancellationTokenSource.CreateLinkedTokenSource(_cancel);
            _running[task.Name!] = stop;
            _observer.OnTaskStarted(task.Name!);

            // A batch of one starts on the caller's thread: the child is spawned before the first
            // wait, one thread hop sooner. Several start on the thread pool, so spawns overlap.
            if (_plan.Tasks.Count == 1)
            {
                _ = RunAsync(task, stop);
            }
            else
            {
                _ = Task.Run(() => RunAsync(task, stop));
            }
        }

        private async Task RunAsync(HeroTaskDefinition task, CancellationTokenSource stop)
        {
            HeroTaskResult result;
            try
            {
                result = await _executor(task, _observer, stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                result = NotRun(task, HeroTaskStatus.Failed, $"The task could not run: {Security.SecretMasker.Default.MaskAll(e.Message)}");
                result.ExitCode = 1;
            }
            finally
            {
                stop.Dispose();
            }

            result.Name = task.Name!;
            _finished.Writer.TryWrite(result);
        }

        private void Finish(HeroTaskResult result)
        {
            if (_done.ContainsKey(result.Name)) return;
            if (_failFastCause is not null && result.Status == HeroTaskStatus.Cancelled && result.Attempts > 0 && !_cancel.IsCancellationRequested)
            {
                // Stopped by fail-fast, not by the user: say whose failure it was.
                result.Message = Security.SecretMasker.Default.MaskAll($"Cancelled by -FailFast after '{_failFastCause}' failed.")
                                 + (result.KilledProcessCount > 0 ? Tasks.AttemptOutcome.EndedProcesses(result.KilledProcessCount) : string.Empty);
            }

            _done[result.Name] = result;
            _results.Add(result);
            _observer.OnTaskFinished(result);

            if (result.Succeeded)
            {
                foreach (string dependent in _dependents[result.Name])
                {
                    if (--_waitingOn[dependent] == 0 && !_done.ContainsKey(dependent)) _ready.Enqueue(_byName[dependent]);
                }

                return;
            }

            if (_options.FailFast && _failFastCause is null && result.Status is not HeroTaskStatus.Skipped and not HeroTaskStatus.Cancelled)
            {
                _failFastCause = result.Name;
                CancelRunning();
            }

            foreach (string dependent in _dependents[result.Name])
            {
                if (!_done.ContainsKey(dependent))
                {
                    Finish(_cancel.IsCancellationRequested
                        ? NotRun(_byName[dependent], HeroTaskStatus.Cancelled, "Cancelled before it started.")
                        : NotRun(_byName[dependent], HeroTaskStatus.Skipped, $"Skipped: '{result.Name}' did not succeed ({result.Status})."));
                }
            }
        }

        private void CancelRunning()
        {
            // A task disposes its source as it ends, before the loop reads its result and drops it from
            // _running: a source already disposed belongs to a task that has just finished.
            foreach (CancellationTokenSource source in _running.Values)
            {
                try
                {
                    source.Cancel();
                }
                catch (ObjectDisposedException)
                {
                }
            }
        }

        private static HeroTaskResult NotRun(HeroTaskDefinition task, HeroTaskStatus status, string message)
        {
            DateTime now = DateTime.UtcNow;
            return new HeroTaskResult
            {
                Name = task.Name!,
                CorrelationId = Correlation.TraceContext.SessionTraceId,
                Status = status,
                ExitCode = status == HeroTaskStatus.Cancelled ? ExitCodes.Cancelled : ExitCodes.NotRun,
                Attempts = 0,
                StartTime = now,
                EndTime = now,
                Duration = TimeSpan.Zero,
                Command = Security.SecretMasker.Default.MaskAll(task.ToString()),
                Message = Security.SecretMasker.Default.MaskAll(message),
            };
        }
    }
}
