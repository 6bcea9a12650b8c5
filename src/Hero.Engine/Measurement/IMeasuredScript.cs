using System;
using System.Threading;
using System.Threading.Tasks;

namespace Hero.Measurement;

/// <summary>A script block target: the PowerShell layer runs it in a runspace of its own and times
/// each run inside that runspace, around the block alone.</summary>
public interface IMeasuredScript : IDisposable
{
    /// <param name="timeout">Stop the run's pipeline after this long (Infinite: never).</param>
    Task<ScriptRunTiming> RunAsync(TimeSpan timeout, CancellationToken cancel);
}
