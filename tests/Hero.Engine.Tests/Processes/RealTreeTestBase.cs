using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.Versioning;
using System.Threading.Tasks;
using Hero.Output;
using Hero.Processes;
using Hero.Processes.Unix;

namespace Hero.Tests.Processes;

/// <summary>Real process trees for the kill-group registry and the host-death sentinel: a scratch
/// folder, a tree like the ones users leave behind, and checks on live processes.</summary>
[UnsupportedOSPlatform("windows")]
public abstract class RealTreeTestBase : IDisposable
{
    protected string Scratch { get; } = Path.Combine(Path.GetTempPath(), "hero-hostexit-" + Guid.NewGuid().ToString("N"));

    protected RealTreeTestBase() => Directory.CreateDirectory(Scratch);

    public void Dispose()
    {
        Directory.Delete(Scratch, recursive: true);
        GC.SuppressFinalize(this);
    }

    protected sealed class Discard : IOutputSink
    {
        public void OnData(OutputStreamKind stream, byte[] buffer, int count)
        {
        }
    }

    /// <summary>The shell, a child that ignores SIGTERM, a grandchild in a session of its own, and a
    /// double-forked orphan. Each writes its pid.</summary>
    private protected (UnixChildProcess Child, string PidFile) StartTree(bool outlivesHost)
    {
        string pids = Path.Combine(Scratch, Guid.NewGuid().ToString("N") + ".pids");
        const string Script = """
            echo $$ >> "$1"
            sh -c 'trap "" TERM; echo $$ >> "$1"; exec sleep 300' sh "$1" &
            setsid sh -c 'echo $$ >> "$1"; exec sleep 300' sh "$1" &
            sh -c 'sh -c "echo \$\$ >> \"\$1\"; exec sleep 300" sh "$1" &' sh "$1"
            wait
            """;
        var start = new ChildStartInfo
        {
            ProgramPath = "/bin/sh",
            Arguments = ["-c", Script, "sh", pids],
            WorkingDirectory = Scratch,
            Environment = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
                .ToDictionary(e => (string)e.Key, e => (string)e.Value!, StringComparer.Ordinal),
            GracePeriod = TimeSpan.FromMilliseconds(500),
            OutlivesHost = outlivesHost,
        };
        var child = (UnixChildProcess)ChildProcess.Start(start, new Discard());
        var clock = Stopwatch.StartNew();
        while (ReadPids(pids).Length < 4 && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            System.Threading.Thread.Sleep(20);
        }

        Assert.Equal(4, ReadPids(pids).Length);
        return (child, pids);
    }

    protected static int[] ReadPids(string path) => File.Exists(path)
        ? File.ReadAllLines(path).Where(l => l.Length > 0 && l.All(char.IsDigit)).Select(l => int.Parse(l, CultureInfo.InvariantCulture)).ToArray()
        : [];

    /// <summary>A zombie (exited, not yet collected) is not running.</summary>
    protected static bool IsRunning(int pid) =>
        ProcessTable.TryReadStat(pid, out ProcessTable.StatLine stat) && stat.State is not ('Z' or 'X');

    protected static async Task<bool> AllGoneWithin(IEnumerable<int> pids, TimeSpan limit)
    {
        int[] all = pids.ToArray();
        var clock = Stopwatch.StartNew();
        while (all.Any(IsRunning) && clock.Elapsed < limit)
        {
            await Task.Delay(50);
        }

        return !all.Any(IsRunning);
    }

    private protected static async Task EndAsync(UnixChildProcess child)
    {
        child.SignalTree(force: true);
        await child.Exited.WaitAsync(TimeSpan.FromSeconds(5));
        child.Dispose();
    }
}
