using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Hero.Tasks;
using Hero.Text;

namespace Hero.Health;

/// <summary>Base of the kinds that run a program. The program runs as a Hero task: its own kill
/// group, the check's timeout as the task's deadline, the run's deadline and Ctrl+C as cancellation,
/// and the stop sequence either way. Nothing is ever killed by name.</summary>
public abstract class ProcessHealthCheck : HealthCheck
{
    /// <summary>A check reads a version or a status, not a build log.</summary>
    private const long MaxOutputBytes = 256 * 1024;
    private const int TailLines = 20;

    public override bool StartsProcess => true;

    protected async Task<HeroTaskResult> RunAsync(string program, string[] arguments, string workingDirectory, HealthContext context,
        CancellationToken cancel, System.Collections.Generic.IDictionary<string, string?>? environment = null)
    {
        var task = new HeroTaskDefinition
        {
            Name = Name,
            FilePath = program,
            ArgumentList = arguments,
            WorkingDirectory = workingDirectory,
            Timeout = Timeout,
            GracePeriod = context.GracePeriod,
            HeartbeatInterval = TimeSpan.Zero,
            Quiet = true,
            MaxOutputBytes = MaxOutputBytes,
        };
        if (environment is not null) task.Environment = environment;
        return await TaskRunner.RunAsync(task, context.Observer, cancel).ConfigureAwait(false);
    }

    /// <summary>A run that did not get to an answer: timed out, stopped from outside, or could not
    /// start. Null when the program ran to its exit.</summary>
    protected HealthVerdict? Unfinished(HeroTaskResult run)
    {
        string tail = Tail(run);
        return run.Status switch
        {
            HeroTaskStatus.TimedOut or HeroTaskStatus.Stalled => new HealthVerdict(HeroHealthStatus.TimedOut, null, null,
                $"'{run.Command}' did not finish within the check's timeout of {DurationParser.Format(Timeout)}." +
                (run.KilledProcessCount > 0 ? $" Its tree ({run.KilledProcessCount} process(es)) was stopped." : string.Empty), tail),
            HeroTaskStatus.Cancelled => HealthVerdict.StoppedFromOutside(tail),
            HeroTaskStatus.StartFailed => HealthVerdict.Error(run.Message ?? $"'{run.Command}' could not start.", tail),
            _ => null,
        };
    }

    /// <summary>The last lines of what the program printed, standard output then standard error.</summary>
    protected static string Tail(HeroTaskResult run)
    {
        string text = (run.StdOut + (run.StdOut.Length > 0 && run.StdErr.Length > 0 ? "\n" : string.Empty) + run.StdErr).Replace("\r\n", "\n").TrimEnd('\n');
        string[] lines = text.Split(['\n']);
        return string.Join("\n", lines.Skip(Math.Max(0, lines.Length - TailLines)));
    }

    protected static string Output(HeroTaskResult run) => run.StdOut + (run.StdErr.Length > 0 ? "\n" + run.StdErr : string.Empty);

}
