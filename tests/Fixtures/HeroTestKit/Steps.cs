using System;
using System.Collections;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;

namespace Hero.TestKit;

/// <summary>The steps. Output: <c>out TEXT</c>, <c>err TEXT</c> (a line to stdout or stderr),
/// <c>raw TEXT</c>, <c>raw-err TEXT</c> (no line end), <c>lines FROM TO TEMPLATE</c> (one line per
/// number, {0} replaced by it), <c>flood COUNT OUTBYTES ERRBYTES</c> (COUNT rounds of 'a' to stdout
/// and 'b' to stderr), <c>tick COUNT SECONDS</c> ("tick 0", "tick 1", ... with a wait after each),
/// <c>args ARG...</c> (each argument as "&lt;arg&gt;"), <c>join SEP ARG...</c>, <c>env NAME</c>
/// ("NAME=value" or "NAME unset"), <c>cwd</c>, <c>stdin</c> (copies stdin to stdout).
/// Time and files: <c>sleep SECONDS</c>, <c>exit CODE</c>, <c>pid FILE</c>, <c>stamp FILE</c>
/// (appends the Unix time in seconds), <c>timed FILE SECONDS</c> (sleeps, then appends "start end"),
/// <c>count FILE N</c> (appends a line, exit 1 unless the file now has N lines or more),
/// <c>append FILE TEXT</c>, <c>touch FILE</c>, <c>if-file FILE [ steps ]</c>.
/// Resources: <c>hold MIB SECONDS</c> (keeps that much memory resident), <c>burn SECONDS</c> (one
/// core busy). Processes: see Children.</summary>
internal static class Steps
{
    public static void Run(StepReader reader)
    {
        while (!reader.AtEnd)
        {
            RunOne(reader.Word("steps"), reader);
            Output.Flush();
        }
    }

    private static void RunOne(string step, StepReader reader)
    {
        switch (step)
        {
            case "out": Output.Out.WriteLine(reader.Word(step)); break;
            case "err": Output.Err.WriteLine(reader.Word(step)); break;
            case "raw": Output.Out.Write(reader.Word(step)); break;
            case "raw-err": Output.Err.Write(reader.Word(step)); break;
            case "lines": Lines(reader.Integer(step), reader.Integer(step), reader.Word(step)); break;
            case "flood": Flood(reader.Integer(step), reader.Integer(step), reader.Integer(step)); break;
            case "tick": Tick(reader.Integer(step), reader.Seconds(step)); break;
            case "args": foreach (string argument in reader.Rest()) Output.Out.WriteLine("<" + argument + ">"); break;
            case "join": { string separator = reader.Word(step); Output.Out.Write(string.Join(separator, reader.Rest())); break; }
            case "env": Env(reader.Word(step)); break;
            case "cwd": Output.Out.WriteLine(Directory.GetCurrentDirectory()); break;
            case "stdin": CopyStdin(); break;
            case "sleep": Thread.Sleep(TimeSpan.FromSeconds(reader.Seconds(step))); break;
            case "exit": throw new KitExit(reader.Integer(step));
            case "pid": AppendFile.Line(reader.Word(step), Environment.ProcessId.ToString(CultureInfo.InvariantCulture)); break;
            case "stamp": AppendFile.Line(reader.Word(step), Now()); break;
            case "timed": Timed(reader.Word(step), reader.Seconds(step)); break;
            case "count": Count(reader.Word(step), reader.Integer(step)); break;
            case "append": { string file = reader.Word(step); AppendFile.Line(file, reader.Word(step)); break; }
            case "touch": AppendFile.Bytes(reader.Word(step), []); break;
            case "if-file": { string file = reader.Word(step); var group = reader.Group(step); if (File.Exists(file)) Run(new StepReader(group)); break; }
            case "hold": Hold(reader.Integer(step), reader.Seconds(step)); break;
            case "burn": Burn(reader.Seconds(step)); break;
            default:
                if (!Children.TryRun(step, reader)) throw new ArgumentException($"unknown step '{step}'.");
                break;
        }
    }

    private static string Now() =>
        ((DateTime.UtcNow - DateTime.UnixEpoch).Ticks / (double)TimeSpan.TicksPerSecond).ToString("F6", CultureInfo.InvariantCulture);

    private static void Lines(int from, int to, string template)
    {
        for (int i = from; i <= to; i++)
        {
            Output.Out.WriteLine(template.Replace("{0}", i.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
        }
    }

    private static void Flood(int rounds, int outBytes, int errBytes)
    {
        for (int round = 0; round < rounds; round++)
        {
            Output.Fill(Output.Out, 'a', outBytes);
            Output.Out.Flush();
            Output.Fill(Output.Err, 'b', errBytes);
            Output.Err.Flush();
        }
    }

    private static void Tick(int count, double seconds)
    {
        for (int i = 0; i < count; i++)
        {
            Output.Out.WriteLine("tick " + i.ToString(CultureInfo.InvariantCulture));
            Output.Flush();
            Thread.Sleep(TimeSpan.FromSeconds(seconds));
        }
    }

    private static void Env(string name)
    {
        // Looked up exactly as the child received it: on Windows names are case-insensitive.
        string? value = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .Where(e => string.Equals((string)e.Key, name, OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
            .Select(e => (string?)e.Value).FirstOrDefault();
        Output.Out.WriteLine(value is null ? name + " unset" : name + "=" + value);
    }

    private static void CopyStdin()
    {
        Output.Out.Flush();
        using Stream input = Console.OpenStandardInput();
        input.CopyTo(Output.Out.BaseStream);
    }

    private static void Timed(string file, double seconds)
    {
        string start = Now();
        Thread.Sleep(TimeSpan.FromSeconds(seconds));
        AppendFile.Line(file, start + " " + Now());
    }

    private static void Count(string file, int needed)
    {
        AppendFile.Line(file, "x");
        if (File.ReadAllLines(file).Length < needed) throw new KitExit(1);
    }

    private static void Hold(int mebibytes, double seconds)
    {
        byte[] block = new byte[mebibytes * 1024L * 1024L];
        // Touch every page: allocated but untouched memory is not resident.
        for (int i = 0; i < block.Length; i += 4096) block[i] = 1;
        Thread.Sleep(TimeSpan.FromSeconds(seconds));
        GC.KeepAlive(block);
    }

    private static void Burn(double seconds)
    {
        var clock = Stopwatch.StartNew();
        long spins = 0;
        while (clock.Elapsed.TotalSeconds < seconds) spins++;
        GC.KeepAlive(spins);
    }
}
