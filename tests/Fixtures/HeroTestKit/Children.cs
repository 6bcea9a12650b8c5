using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;

namespace Hero.TestKit;

/// <summary>Steps that make process trees: <c>spawn [ steps ]</c> starts another HeroTestKit that
/// shares this one's stdin, stdout and stderr and is not waited for (a background child holding the
/// output open); <c>tree FILE DEPTH</c> writes its pid to FILE and, below depth 1, spawns two subtrees,
/// the second ignoring the graceful signal, then sleeps a minute (2^DEPTH - 1 processes in all);
/// <c>ignore-term</c> ignores SIGTERM from then on (nothing on Windows, which has no such signal);
/// <c>setsid</c> leaves the process group and session (Unix only, as a daemon does).</summary>
internal static class Children
{
    // Kept for the life of the process: a collected registration stops ignoring the signal.
    private static PosixSignalRegistration? s_ignoreTerm;

    public static bool TryRun(string step, StepReader reader)
    {
        switch (step)
        {
            case "spawn": Spawn(reader.Group(step)); return true;
            case "tree": Tree(reader.Word(step), reader.Integer(step)); return true;
            case "ignore-term": IgnoreTerm(); return true;
            case "setsid": LeaveSession(); return true;
            default: return false;
        }
    }

    private static void Spawn(IEnumerable<string> steps)
    {
        var start = new ProcessStartInfo { UseShellExecute = false };
        string self = Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell which program this is.");
        if (Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            // Started as 'dotnet HeroTestKit.dll': the child must be started the same way.
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "HeroTestKit.dll"));
        }

        start.FileName = self;
        foreach (string token in steps) start.ArgumentList.Add(token);
        Output.Flush();
        using Process child = Process.Start(start) ?? throw new InvalidOperationException("the child did not start.");
    }

    private static void Tree(string pidFile, int depth)
    {
        AppendFile.Line(pidFile, Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        if (depth > 1)
        {
            string below = (depth - 1).ToString(CultureInfo.InvariantCulture);
            Spawn(["tree", pidFile, below]);
            Spawn(["ignore-term", "tree", pidFile, below]);
        }

        Thread.Sleep(TimeSpan.FromSeconds(60));
    }

    private static void IgnoreTerm()
    {
        if (OperatingSystem.IsWindows()) return;
        s_ignoreTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => context.Cancel = true);
    }

    private static void LeaveSession()
    {
        if (OperatingSystem.IsWindows()) throw new InvalidOperationException("setsid is a Unix step.");
        if (setsid() < 0) throw new InvalidOperationException($"setsid failed (errno {Marshal.GetLastPInvokeError()}).");
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int setsid();
}
