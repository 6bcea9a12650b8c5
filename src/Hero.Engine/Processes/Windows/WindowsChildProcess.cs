using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Hero.Output;

namespace Hero.Processes.Windows;

/// <summary>A child started with System.Diagnostics.Process and placed in a kill-on-close Job Object.
/// The child is assigned right after start; a grandchild it spawns in that first instant could
/// escape the job (closing that gap needs CREATE_SUSPENDED through CreateProcess). Windows has no
/// SIGTERM: the graceful step closes stdin and asks a windowed child to close.</summary>
internal sealed class WindowsChildProcess : IChildProcess
{
    private readonly Process _process;
    private readonly JobObject _job;
    private readonly IOutputSink _sink;
    private readonly TaskCompletionSource<ChildExit> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<bool> _outputClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _abandon = new();
    private int _openStreams = 2;

    private WindowsChildProcess(Process process, JobObject job, IOutputSink sink)
    {
        _process = process;
        _job = job;
        _sink = sink;
        Id = process.Id;
    }

    public int Id { get; }

    public Task<ChildExit> Exited => _exited.Task;

    public Task OutputClosed => _outputClosed.Task;

    public static WindowsChildProcess Start(ChildStartInfo start, IOutputSink sink)
    {
        var info = new ProcessStartInfo(start.ProgramPath)
        {
            Arguments = start.WindowsCommandLine ?? WindowsCommandLine.Join(start.Arguments),
            WorkingDirectory = start.WorkingDirectory,
            UseShellExecute = false,
            CreateNoWindow = true,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.EnvironmentVariables.Clear();
        foreach (KeyValuePair<string, string> variable in start.Environment)
        {
            info.EnvironmentVariables[variable.Key] = variable.Value;
        }

        var job = new JobObject();
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            job.Dispose();
            process.Dispose();
            throw e.NativeErrorCode switch
            {
                2 or 3 => new ProcessStartException(StartFailureKind.NotFound, $"'{start.ProgramPath}' was not found.", e),
                5 or 193 => new ProcessStartException(StartFailureKind.NotExecutable, $"'{start.ProgramPath}' cannot be run: {e.Message}", e),
                _ => new ProcessStartException(StartFailureKind.Other, $"Could not start '{start.ProgramPath}': {e.Message}", e),
            };
        }

        var child = new WindowsChildProcess(process, job, sink);
        try
        {
            job.Assign(process.Handle);
        }
        catch (Win32Exception)
        {
            // Nested jobs are refused before Windows 8: the task still runs, only without the tree guarantee.
        }

        if (!start.OutlivesHost)
        {
            KillGroupRegistry.Process.Register(child, null, start.GracePeriod);
        }

        child.StartReaders(start.StandardInput);
        process.Exited += (_, _) => child.OnExited();
        if (process.HasExited)
        {
            child.OnExited();
        }

        return child;
    }

    private void StartReaders(byte[]? input)
    {
        _ = Task.Run(async () =>
        {
            try
            {
                if (input is { Length: > 0 })
                {
                    await _process.StandardInput.BaseStream.WriteAsync(input, 0, input.Length).ConfigureAwait(false);
                }
            }
            catch (IOException)
            {
                // The child closed its stdin early.
            }
            finally
            {
                try { _process.StandardInput.Close(); } catch (IOException) { }
            }
        });
        _ = Pump(_process.StandardOutput.BaseStream, OutputStreamKind.StdOut);
        _ = Pump(_process.StandardError.BaseStream, OutputStreamKind.StdErr);
    }

    private async Task Pump(Stream stream, OutputStreamKind kind)
    {
        byte[] buffer = new byte[64 * 1024];
        try
        {
            while (!_abandon.IsCancellationRequested)
            {
                int count = await stream.ReadAsync(buffer, 0, buffer.Length, _abandon.Token).ConfigureAwait(false);
                if (count == 0) break;
                _sink.OnData(kind, buffer, count);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
        {
        }
        finally
        {
            if (Interlocked.Decrement(ref _openStreams) == 0)
            {
                _outputClosed.TrySetResult(true);
            }
        }
    }

    private void OnExited()
    {
        int code;
        try
        {
            code = _process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            return;
        }

        _exited.TrySetResult(new ChildExit(code, null, _job.TotalCpuTime, _job.PeakMemoryBytes) { ExitTimestamp = Stopwatch.GetTimestamp() });
    }

    /// <summary>The job's accounting read now, after the sweeps: it then includes descendants that
    /// outlived the child.</summary>
    public ChildExit Collect()
    {
        if (!Exited.IsCompleted) return ChildExit.Unknown;
        ChildExit exit = Exited.Result;
        if (_job.CpuTimes() is not { } times) return exit;
        return exit with
        {
            CpuTime = times.User + times.Kernel,
            UserTime = times.User,
            SystemTime = times.Kernel,
            PeakMemoryBytes = _job.PeakMemoryBytes ?? exit.PeakMemoryBytes,
        };
    }

    public void AbandonOutput()
    {
        _abandon.Cancel();
        _outputClosed.TrySetResult(true);
    }

    public IReadOnlyCollection<int> SignalTree(bool force)
    {
        List<int> members = _job.ProcessIds();
        if (force)
        {
            _job.Terminate(1);
        }
        else
        {
            try
            {
                _process.StandardInput.Close();
                _process.CloseMainWindow();
            }
            catch (Exception e) when (e is InvalidOperationException or IOException)
            {
            }
        }

        return members;
    }

    public bool TreeHasLiveMembers() => _job.ActiveProcesses > 0;

    public bool MayHaveLeftovers() => TreeHasLiveMembers();

    public TreeSample? SampleTree()
    {
        List<int> ids = _job.ProcessIds();
        long resident = 0;
        foreach (int id in ids)
        {
            try
            {
                using Process member = Process.GetProcessById(id);
                resident += member.WorkingSet64;
            }
            catch (ArgumentException)
            {
            }
        }

        return new TreeSample(ids.Count, resident, _job.TotalCpuTime ?? TimeSpan.Zero);
    }

    public IReadOnlyList<ProcessUsage>? SampleMembers() => null;

    public void Dispose()
    {
        AbandonOutput();
        KillGroupRegistry.Process.Retire(this);
        _job.Dispose();
        _process.Dispose();
        _abandon.Dispose();
    }
}
