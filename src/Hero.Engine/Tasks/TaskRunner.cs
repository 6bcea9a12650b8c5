using System;
using System.Diagnostics;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Hero.Correlation;
using Hero.Logging;
using Hero.Processes;
using Hero.Resilience;
using Hero.Security;
using Hero.Text;

namespace Hero.Tasks;

/// <summary>Runs one task definition, with its retries, to a <see cref="HeroTaskResult"/>.</summary>
public static class TaskRunner
{
    public static readonly Encoding DefaultEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Validates what can be checked before anything starts.</summary>
    /// <exception cref="HeroTaskDefinitionException">Names the parameter at fault.</exception>
    public static void Validate(HeroTaskDefinition definition) => LaunchPlanner.Validate(definition);

    public static string NameOf(HeroTaskDefinition definition) => LaunchPlanner.DefaultName(definition);

    /// <inheritdoc cref="LaunchPlanner.Describe"/>
    public static string Describe(HeroTaskDefinition definition) => LaunchPlanner.Describe(definition);

    /// <exception cref="RetryDecisionException">-RetryIf threw; carries the attempt it judged.</exception>
    public static async Task<HeroTaskResult> RunAsync(HeroTaskDefinition definition, ITaskObserver observer, CancellationToken cancel, IScriptHost? scripts = null)
    {
        LaunchPlanner.Validate(definition);
        if (definition.Kind == HeroTaskKind.ScriptBlock && scripts is null)
        {
            throw new HeroTaskDefinitionException("A script-block task needs a PowerShell host to run it.", "ScriptBlock");
        }

        if (definition.RetryIf is not null && scripts is null)
        {
            throw new HeroTaskDefinitionException("-RetryIf needs a PowerShell host to judge the attempts.", "RetryIf");
        }

        var run = new TaskRun(definition, observer, scripts);
        RetryPipeline<AttemptOutcome> pipeline = TaskRetryRule.Pipeline(definition, run.Log, run.ToResult, scripts, observer, cancel);
        AttemptOutcome outcome;
        try
        {
            outcome = await pipeline.ExecuteAsync(token => new ValueTask<AttemptOutcome>(run.AttemptAsync(token, cancel)), cancel).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DeadlineExceededException || (e is OperationCanceledException && !cancel.IsCancellationRequested))
        {
            // The task's deadline ran out while it waited to retry.
            outcome = run.Ended(HeroTaskStatus.TimedOut, ExitCodes.TimedOut,
                $"The task's timeout of {DurationParser.Format(Limit(definition.Timeout))} ran out while waiting to retry.");
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            outcome = run.Ended(HeroTaskStatus.Cancelled, ExitCodes.Cancelled, "Cancelled while waiting to retry.");
        }

        if (outcome.Status == HeroTaskStatus.TimedOut && run.TotalExpired)
        {
            string abandoned = outcome.Abandoned ? AbandonedSentence : string.Empty;
            outcome = outcome with { Message = $"The task's timeout of {DurationParser.Format(Limit(definition.Timeout))} ran out." + abandoned + Killed(outcome) };
        }

        HeroTaskResult result = run.ToResult(outcome, run.Attempts);
        run.Log.Emit(
            result.Succeeded ? HeroLogLevel.Information : HeroLogLevel.Error,
            "Task {Task} finished: {Status}, exit code {ExitCode}, {DurationMs} ms, {Attempts} attempt(s)",
            [
                TaskLog.P("Status", result.Status.ToString()),
                TaskLog.P("ExitCode", result.ExitCode),
                TaskLog.P("DurationMs", TaskLog.Ms(result.Duration)),
                TaskLog.P("Attempts", result.Attempts),
                TaskLog.P("KilledProcessCount", result.KilledProcessCount),
                TaskLog.P("PeakMemoryBytes", result.PeakMemoryBytes),
                TaskLog.P("CpuMs", result.CpuTime is { } cpu ? TaskLog.Ms(cpu) : null),
                TaskLog.P("Reason", result.Message),
            ],
            hostReported: !result.Succeeded);
        return result;
    }

    private const string AbandonedSentence = " The pipeline was stuck in a blocking call and was abandoned after the grace period.";

    private static string Killed(AttemptOutcome outcome) =>
        outcome.KilledProcessCount > 0 ? AttemptOutcome.EndedProcesses(outcome.KilledProcessCount) : string.Empty;

    /// <summary>Zero and Infinite both mean no limit.</summary>
    internal static TimeSpan Limit(TimeSpan value) => value <= TimeSpan.Zero ? Timeout.InfiniteTimeSpan : value;

    /// <summary>The state of one task across its attempts.</summary>
    private sealed class TaskRun
    {
        private readonly HeroTaskDefinition _definition;
        private readonly ITaskObserver _observer;
        private readonly Encoding _encoding;
        private readonly string _traceId;
        private readonly DateTime _startTime = DateTime.UtcNow;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly TimeSpan _total;
        private readonly IScriptHost? _scripts;
        private AttemptOutcome? _last;
        private object[]? _output;
        private string _command = string.Empty;

        public TaskRun(HeroTaskDefinition definition, ITaskObserver observer, IScriptHost? scripts)
        {
            _scripts = scripts;
            _definition = definition;
            _observer = observer;
            _encoding = definition.Encoding ?? DefaultEncoding;
            _traceId = definition.CorrelationId is { Length: > 0 } id ? TraceContext.ToTraceId(id) : TraceContext.SessionTraceId;
            _total = Limit(definition.Timeout);
            Name = LaunchPlanner.DefaultName(definition);
            Log = new TaskLog(Name, _traceId, observer);
        }

        public string Name { get; }

        public TaskLog Log { get; }

        public int Attempts { get; private set; }

        public bool TotalExpired => _total != Timeout.InfiniteTimeSpan && _clock.Elapsed >= _total - TimeSpan.FromMilliseconds(50);

        private TimeSpan? TimeLeft() => _total == Timeout.InfiniteTimeSpan ? null : _total - _clock.Elapsed;

        public async Task<AttemptOutcome> AttemptAsync(CancellationToken stop, CancellationToken userCancel)
        {
            Attempts++;
            string span = Log.BeginAttempt(Attempts);
            DateTime started = DateTime.UtcNow;
            if (_definition.Kind == HeroTaskKind.ScriptBlock)
            {
                return _last = await ScriptAttemptAsync(started, stop, userCancel).ConfigureAwait(false);
            }

            LaunchPlan plan;
            try
            {
                plan = LaunchPlanner.Plan(_definition, _encoding, _traceId, span);
            }
            catch (ProcessStartException e)
            {
                _command = LaunchPlanner.Display(_definition.FilePath ?? _definition.Command ?? string.Empty, _definition.ArgumentList);
                return _last = AttemptOutcome.StartFailed(e, started);
            }

            _command = plan.DisplayCommand;
            var settings = new AttemptSettings(
                Name,
                Attempts,
                _encoding,
                _definition.StallTimeout,
                _definition.GracePeriod,
                _definition.HeartbeatInterval,
                _definition.MaxOutputBytes,
                _definition.OutputPath is null ? null : System.IO.Path.GetFullPath(_definition.OutputPath),
                _definition.Quiet,
                _definition.SuccessExitCode.Length == 0 ? [0] : _definition.SuccessExitCode,
                TimeLeft,
                Limit(_definition.AttemptTimeout),
                _total);
            return _last = await AttemptRunner.RunAsync(plan, settings, Log, _observer, stop, userCancel).ConfigureAwait(false);
        }

        private async Task<AttemptOutcome> ScriptAttemptAsync(DateTime started, CancellationToken stop, CancellationToken userCancel)
        {
            _command = "{ " + (_definition.ScriptBlock?.Display ?? "script block") + " }";
            Log.Emit(HeroLogLevel.Information, "Task {Task} attempt {Attempt} started (script block)", []);
            ScriptAttemptResult attempt = await _scripts!.RunAttemptAsync(_definition, Attempts, stop).ConfigureAwait(false);
            _output = attempt.Output;
            HeroTaskStatus status;
            int code;
            string? message = attempt.Message;
            if (attempt.Stopped)
            {
                bool cancelled = userCancel.IsCancellationRequested;
                status = cancelled ? HeroTaskStatus.Cancelled : HeroTaskStatus.TimedOut;
                code = cancelled ? ExitCodes.Cancelled : ExitCodes.TimedOut;
                (string deadline, TimeSpan value) = AttemptSettings.FiredDeadline(TimeLeft(), Limit(_definition.AttemptTimeout), _total);
                if (!cancelled)
                {
                    Log.Emit(HeroLogLevel.Warning, "Task {Task} timed out: the {Deadline} of {Timeout} ran out; stopping its pipeline",
                        [TaskLog.P("Deadline", deadline), TaskLog.P("Timeout", DurationParser.Format(value)), TaskLog.P("TimeoutMs", TaskLog.Ms(value)), TaskLog.P("ElapsedMs", TaskLog.Ms(DateTime.UtcNow - started))]);
                }

                message = (cancelled ? "Cancelled." : $"The {deadline} of {DurationParser.Format(value)} ran out.")
                          + (attempt.Abandoned ? AbandonedSentence : string.Empty);
            }
            else
            {
                status = attempt.Succeeded ? HeroTaskStatus.Succeeded : HeroTaskStatus.Failed;
                code = attempt.Succeeded ? 0 : 1;
            }

            return new AttemptOutcome(status, code, null, message, attempt.StdOut, attempt.StdErr, false, null, null, 0, started, DateTime.UtcNow,
                Abandoned: attempt.Stopped && attempt.Abandoned);
        }

        /// <summary>The last attempt's details with a final status set from outside an attempt. The
        /// message is replaced, so the abandoned pipeline it may have told of is no longer claimed.</summary>
        public AttemptOutcome Ended(HeroTaskStatus status, int exitCode, string message) =>
            (_last ?? new AttemptOutcome(status, exitCode, null, null, string.Empty, string.Empty, false, null, null, 0, _startTime, DateTime.UtcNow))
            with { Status = status, ExitCode = exitCode, Message = message, EndTime = DateTime.UtcNow, Abandoned = false };

        public HeroTaskResult ToResult(AttemptOutcome outcome, int attempts) => new()
        {
            Name = Name,
            CorrelationId = _traceId,
            SpanId = Log.TaskSpanId,
            Status = outcome.Status,
            ExitCode = outcome.ExitCode,
            Attempts = attempts,
            StartTime = _startTime,
            EndTime = _startTime + _clock.Elapsed,
            Duration = _clock.Elapsed,
            StdOut = SecretMasker.Default.MaskAll(outcome.StdOut),
            StdErr = SecretMasker.Default.MaskAll(outcome.StdErr),
            Truncated = outcome.Truncated,
            PeakMemoryBytes = outcome.PeakMemoryBytes,
            CpuTime = outcome.CpuTime,
            KilledProcessCount = outcome.KilledProcessCount,
            Command = SecretMasker.Default.MaskAll(_command),
            Message = outcome.Message is null ? null : SecretMasker.Default.MaskAll(outcome.Message),
            Signal = outcome.Signal,
            OutputPath = _definition.OutputPath is null ? null : System.IO.Path.GetFullPath(_definition.OutputPath),
            Output = _output,
        };
    }
}
