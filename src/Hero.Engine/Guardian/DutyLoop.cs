using System;
using System.Threading;
using System.Threading.Tasks;
using Hero.Logging;
using Hero.Text;
using static Hero.Guardian.GuardianEvents;

namespace Hero.Guardian;

/// <summary>-Every: runs the duty at each slot of its schedule, never two runs at once. A slot that
/// comes while the last run is still going is skipped, and the skip logged, instead of starting a second
/// run beside it or piling runs up behind it (the seed's guardian did both). A restart request runs the
/// duty now, when no run is going; a stop ends the running one with its stop sequence.</summary>
internal sealed class DutyLoop
{
    private readonly GuardianRun _run;
    private readonly TimeSpan _every;

    public DutyLoop(GuardianRun run)
    {
        _run = run;
        _every = TimeSpan.FromMilliseconds(run.Spec.EveryMs);
    }

    public async Task<HeroGuardianState> RunAsync()
    {
        var schedule = new DutySchedule(DateTime.UtcNow, _every, TimeSpan.FromMilliseconds(_run.Spec.JitterMs), _run.Spec.RunNow);
        using var runCancel = new CancellationTokenSource();
        Task? current = null;
        int runs = 0, skipped = 0;
        _run.State.Update(s => s.State = HeroGuardianState.Running);
        while (true)
        {
            DateTime due = schedule.Due;
            _run.State.Update(s => s.NextRun = due);
            TimeSpan wait = due - DateTime.UtcNow;
            Task<string> restartRequest = _run.Control.RestartRequested;
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.WhenAny(Task.Delay(wait > DurationParser.MaxWait ? DurationParser.MaxWait : wait, _run.Control.Stopping), restartRequest).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
            }

            if (_run.Control.Stopping.IsCancellationRequested) break;
            bool onRequest = restartRequest.IsCompleted;
            string? requestId = onRequest ? _run.Control.TakeRestart() : null;
            if (!onRequest && DateTime.UtcNow < due) continue;
            if (current is { IsCompleted: false })
            {
                if (!onRequest)
                {
                    skipped++;
                    int skippedNow = skipped, running = runs;
                    _run.State.Update(s => s.SkippedRuns = skippedNow);
                    _run.Events.Emit(HeroLogLevel.Warning, "Guardian {Guardian}: the run due at {Due} is skipped: run {RunningRun} is still going",
                        P("Due", due.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture)), P("RunningRun", running), P("SkippedRuns", skippedNow));
                    schedule.Advance(DateTime.UtcNow);
                }

                _run.Handled(requestId);
                continue;
            }

            runs++;
            int number = runs;
            current = RunOnceAsync(number, runCancel.Token);
            _run.Handled(requestId);
            if (!onRequest) schedule.Advance(DateTime.UtcNow);
        }

        if (current is { IsCompleted: false })
        {
            runCancel.Cancel();
            await Task.WhenAny(current, Task.Delay(_run.GracePeriod + TimeSpan.FromSeconds(10))).ConfigureAwait(false);
        }

        return _run.Stopped(null);
    }

    private async Task RunOnceAsync(int number, CancellationToken cancel)
    {
        // The loop goes on to its next wait while the run goes on here.
        await Task.Yield();
        GuardianEvents events = _run.Events.Fork();
        events.BeginRun(number);
        DateTime started = DateTime.UtcNow;
        _run.State.Update(s =>
        {
            s.Runs = number;
            s.ChildStartedAt = started;
        });
        events.Emit(HeroLogLevel.Information, "Guardian {Guardian}: run {Run} of the duty started: {Command}", P("Command", _run.Spec.Display));
        DutyRunner.Outcome outcome;
        try
        {
            outcome = await DutyRunner.RunAsync(_run, cancel).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            outcome = new DutyRunner.Outcome(false, "Error: " + e.Message, null);
        }

        TimeSpan duration = DateTime.UtcNow - started;
        _run.State.Update(s =>
        {
            s.LastRunResult = outcome.Result;
            s.LastRunTime = started;
            s.LastExitCode = outcome.ExitCode;
            s.LastExitTime = DateTime.UtcNow;
            s.ChildStartedAt = null;
        });
        events.Emit(outcome.Succeeded ? HeroLogLevel.Information : HeroLogLevel.Error,
            "Guardian {Guardian}: run {Run} of the duty finished in {DurationMs} ms: {Result}", P("DurationMs", Ms(duration)), P("Result", outcome.Result), P("ExitCode", outcome.ExitCode));
    }
}
