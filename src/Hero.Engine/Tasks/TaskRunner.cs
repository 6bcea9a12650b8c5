using System;
using System.Diagnostics;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Hero.Correlation;
using Hero.Processes;
using Hero.Security;

namespace Hero.Tasks;

/// <summary>Runs one task definition to a <see cref="HeroTaskResult"/>.</summary>
public static class TaskRunner
{
    public static readonly Encoding DefaultEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Validates what can be checked before anything starts.</summary>
    /// <exception cref="HeroTaskDefinitionException">Names the parameter at fault.</exception>
    public static void Validate(HeroTaskDefinition definition) => LaunchPlanner.Validate(definition);

    public static string NameOf(HeroTaskDefinition definition) => LaunchPlanner.DefaultName(definition);

    public static async Task<HeroTaskResult> RunAsync(HeroTaskDefinition definition, ITaskObserver observer, CancellationToken cancel)
    {
        LaunchPlanner.Validate(definition);
        string name = LaunchPlanner.DefaultName(definition);
        string traceId = definition.CorrelationId is { Length: > 0 } id ? TraceContext.ToTraceId(id) : TraceContext.SessionTraceId;
        Encoding encoding = definition.Encoding ?? DefaultEncoding;
        DateTime startTime = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        TimeSpan timeout = Limit(definition.Timeout);
        TimeSpan? TimeLeft() => Timeout.InfiniteTimeSpan == timeout ? null : timeout - clock.Elapsed;

        LaunchPlan plan;
        try
        {
            plan = LaunchPlanner.Plan(definition, encoding, traceId, TraceContext.NewSpanId());
        }
        catch (ProcessStartException e)
        {
            int code = e.Kind == StartFailureKind.NotExecutable ? ExitCodes.NotExecutable : ExitCodes.NotFound;
            return new HeroTaskResult
            {
                Name = name,
                CorrelationId = traceId,
                Status = HeroTaskStatus.StartFailed,
                ExitCode = code,
                Attempts = 1,
                StartTime = startTime,
                EndTime = DateTime.UtcNow,
                Duration = clock.Elapsed,
                Command = LaunchPlanner.Display(definition.FilePath ?? definition.Command ?? string.Empty, definition.ArgumentList),
                Message = SecretMasker.MaskAll(e.Message),
                OutputPath = definition.OutputPath,
            };
        }

        var settings = new AttemptSettings(
            name,
            1,
            encoding,
            Min(timeout, Limit(definition.AttemptTimeout)),
            definition.StallTimeout,
            definition.GracePeriod,
            definition.HeartbeatInterval,
            definition.MaxOutputBytes,
            definition.OutputPath is null ? null : System.IO.Path.GetFullPath(definition.OutputPath),
            definition.Quiet,
            definition.SuccessExitCode.Length == 0 ? [0] : definition.SuccessExitCode,
            TimeLeft);
        AttemptOutcome outcome = await AttemptRunner.RunAsync(plan, settings, observer, cancel).ConfigureAwait(false);
        return ToResult(name, traceId, plan.DisplayCommand, definition, outcome, 1, startTime, clock.Elapsed);
    }

    internal static HeroTaskResult ToResult(string name, string traceId, string command, HeroTaskDefinition definition,
        AttemptOutcome outcome, int attempts, DateTime startTime, TimeSpan duration) => new()
    {
        Name = name,
        CorrelationId = traceId,
        Status = outcome.Status,
        ExitCode = outcome.ExitCode,
        Attempts = attempts,
        StartTime = startTime,
        EndTime = startTime + duration,
        Duration = duration,
        StdOut = SecretMasker.MaskValues(outcome.StdOut),
        StdErr = SecretMasker.MaskValues(outcome.StdErr),
        Truncated = outcome.Truncated,
        PeakMemoryBytes = outcome.PeakMemoryBytes,
        CpuTime = outcome.CpuTime,
        KilledProcessCount = outcome.KilledProcessCount,
        Command = command,
        Message = outcome.Message,
        Signal = outcome.Signal,
        OutputPath = definition.OutputPath is null ? null : System.IO.Path.GetFullPath(definition.OutputPath),
    };

    /// <summary>Zero and Infinite both mean no limit.</summary>
    internal static TimeSpan Limit(TimeSpan value) => value <= TimeSpan.Zero ? Timeout.InfiniteTimeSpan : value;

    internal static TimeSpan Min(TimeSpan a, TimeSpan b)
    {
        if (a == Timeout.InfiniteTimeSpan) return b;
        if (b == Timeout.InfiniteTimeSpan) return a;
        return a < b ? a : b;
    }
}
