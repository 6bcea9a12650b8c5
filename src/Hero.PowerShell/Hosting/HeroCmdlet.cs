using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Hero.Logging;

namespace Hero.PowerShell.Hosting;

/// <summary>Base of every Hero cmdlet: a stop token cancelled by Ctrl+C (PipelineStopToken is pwsh
/// 7.6+ only), and a way to run engine work in the background while the pipeline thread pumps
/// what it reports.</summary>
public abstract class HeroCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stop = new();

    protected CancellationToken StopToken => _stop.Token;

    /// <summary>Ctrl+C (or a host's Stop) reached this cmdlet.</summary>
    internal bool StopRequested => _stop.IsCancellationRequested;

    /// <summary>A warning that must be seen even when the pipeline is stopping, where WriteWarning
    /// may refuse: then it goes to the host directly.</summary>
    internal void WriteFinalWarning(string text)
    {
        try
        {
            WriteWarning(text);
        }
        catch (PipelineStoppedException)
        {
            Host?.UI?.WriteWarningLine(text);
        }
    }

    /// <summary>Closes a progress bar after the work, also after Ctrl+C, when the pipeline may take
    /// nothing more (a bar a stopped pipeline no longer shows needs no closing).</summary>
    internal void CompleteProgress(int activityId, string activity)
    {
        try
        {
            WriteProgress(new ProgressRecord(activityId, activity, "Done") { RecordType = ProgressRecordType.Completed });
        }
        catch (PipelineStoppedException)
        {
        }
    }

    protected override void StopProcessing() => _stop.Cancel();

    /// <summary>Every Hero cmdlet leaves its log events in the file when it ends.</summary>
    protected override void EndProcessing() => HeroLog.Flush(LogFlushWait);

    internal static readonly TimeSpan LogFlushWait = TimeSpan.FromSeconds(2);

    /// <summary>Runs <paramref name="work"/> on the thread pool and drains its posts on this thread.
    /// Returns only when the work has finished; a stopped pipeline surfaces as
    /// PipelineStoppedException after the work (and its cleanup) completed.</summary>
    internal T RunPumped<T>(Func<PipelinePump, CancellationToken, Task<T>> work)
    {
        // Cancelled by Ctrl+C, or when writing to the pipeline fails (-ErrorAction Stop): the work
        // then winds down (stop sequences included) before this returns.
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(StopToken);
        using var pump = new PipelinePump(cancel.Cancel);
        CurrentPump = pump;
        using CancellationTokenRegistration stopped = StopToken.Register(pump.MarkStopped);
        try
        {
            // Started on this thread: it runs until its first real wait (the child is spawned by
            // then) and continues on the thread pool; one thread hop fewer per task. What it posts
            // meanwhile runs inline (the pump knows its own thread), so a full queue cannot block it.
            Task<T> task;
            try
            {
                task = work(pump, cancel.Token);
            }
            catch (Exception e)
            {
                task = Task.FromException<T>(e);
            }

            task.ContinueWith(_ => pump.Complete(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            pump.Drain();

            T result;
            try
            {
                result = task.GetAwaiter().GetResult();
            }
            catch when (pump.Failure is not null)
            {
                // The pipeline failed first (-ErrorAction Stop, Select-Object -First): that is the story.
                result = default!;
            }

            if (pump.Failure is { } failure)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
            }

            if (pump.Stopped || StopToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }

            return result;
        }
        finally
        {
            CurrentPump = null;
        }
    }

    /// <summary>The pump of the work running now, for questions background work must ask the pipeline
    /// thread (-RetryIf).</summary>
    internal PipelinePump? CurrentPump { get; private set; }

    /// <summary>Like Write-Host: shown in the console unless the information stream is silenced or
    /// redirected, and captured with 6&gt; or -InformationVariable.</summary>
    internal void WriteHostLine(string text, params string[] tags)
    {
        var message = new HostInformationMessage { Message = text, NoNewLine = false };
        var allTags = new string[tags.Length + 1];
        allTags[0] = "PSHOST";
        Array.Copy(tags, 0, allTags, 1, tags.Length);
        WriteInformation(message, allTags);
    }

    public void Dispose()
    {
        // Also reached after Ctrl+C, when EndProcessing never runs.
        HeroLog.Flush(LogFlushWait);
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }
}
