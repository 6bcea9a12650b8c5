using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Hero.Processes.Unix;
using Hero.Tests.Support;

namespace Hero.Tests.Processes.Unix;

public class ProcessTableTests
{
    /// <summary>A /proc/PID/stat line: pid (comm) then fields 3..52; starttime is field 22.</summary>
    private static string StatLine(int pid, string command, char state, int ppid, int pgrp, ulong startTicks)
    {
        string[] rest = Enumerable.Range(3, 50).Select(field => field switch
        {
            3 => state.ToString(),
            4 => ppid.ToString(CultureInfo.InvariantCulture),
            5 => pgrp.ToString(CultureInfo.InvariantCulture),
            22 => startTicks.ToString(CultureInfo.InvariantCulture),
            _ => (field * 11).ToString(CultureInfo.InvariantCulture),
        }).ToArray();
        return $"{pid} ({command}) {string.Join(" ", rest)}\n";
    }

    [Theory]
    [InlineData("sleep")]
    [InlineData("my proc")]
    [InlineData("my (weird) proc")]
    [InlineData("x) R 5 5 5")]
    [InlineData(")")]
    [InlineData("((")]
    [InlineData("")]
    public void TryParseStat_reads_the_fields_after_the_command_name(string command)
    {
        string line = StatLine(1234, command, 'S', 1, 1234, 987654321);

        Assert.True(ProcessTable.TryParseStat(line, out ProcessTable.StatLine stat));
        Assert.Equal(new ProcessTable.StatLine('S', 1, 1234, 987654321), stat);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(22)]
    public void TryParseStat_rejects_a_non_numeric_field(int field)
    {
        string[] parts = StatLine(1234, "sleep", 'S', 1, 1234, 99).TrimEnd('\n').Split(' ');
        parts[field - 1] = "x";
        Assert.False(ProcessTable.TryParseStat(string.Join(" ", parts), out _));
    }

    [Fact]
    public void TryParseStat_reads_a_zombie()
    {
        Assert.True(ProcessTable.TryParseStat(StatLine(77, "defunct thing", 'Z', 70, 60, 5), out ProcessTable.StatLine stat));
        Assert.Equal('Z', stat.State);
        Assert.Equal(70, stat.ParentId);
        Assert.Equal(60, stat.GroupId);
        Assert.Equal(5UL, stat.StartTicks);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1234")]
    [InlineData("1234 (sleep)")]
    [InlineData("1234 (sleep) ")]
    [InlineData("1234 (sleep) S 1 1234 0 0")]
    public void TryParseStat_rejects_short_or_malformed_lines(string line)
    {
        Assert.False(ProcessTable.TryParseStat(line, out _));
    }

    [LinuxFact]
    public void TryReadStat_of_this_process_matches_proc_status()
    {
        int pid = Environment.ProcessId;
        Assert.True(ProcessTable.TryReadStat(pid, out ProcessTable.StatLine stat));

        string ppidLine = File.ReadLines("/proc/self/status").First(l => l.StartsWith("PPid:", StringComparison.Ordinal));
        int ppid = int.Parse(ppidLine.Substring(5).Trim(), CultureInfo.InvariantCulture);
        Assert.Equal(ppid, stat.ParentId);
        Assert.Contains(stat.State, "RSD");
        Assert.True(stat.StartTicks > 0);
    }

    [Fact]
    public void TryReadStat_of_a_missing_process_is_false()
    {
        Assert.False(ProcessTable.TryReadStat(int.MaxValue, out _));
    }

    private static byte[] Environ(params string[] variables) =>
        Encoding.UTF8.GetBytes(string.Concat(variables.Select(v => v + "\0")));

    private static byte[] Entry(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void ContainsVariable_finds_an_exact_entry_anywhere()
    {
        byte[] environment = Environ("PATH=/bin", "HERO_KILL_GROUP=abc123", "HOME=/root");
        Assert.True(ProcessTable.ContainsVariable(environment, Entry("HERO_KILL_GROUP=abc123")));
        Assert.True(ProcessTable.ContainsVariable(environment, Entry("PATH=/bin")));
        Assert.True(ProcessTable.ContainsVariable(environment, Entry("HOME=/root")));
    }

    [Fact]
    public void ContainsVariable_finds_a_last_entry_without_a_trailing_NUL()
    {
        byte[] environment = Encoding.UTF8.GetBytes("A=1\0HERO_KILL_GROUP=abc123");
        Assert.True(ProcessTable.ContainsVariable(environment, Entry("HERO_KILL_GROUP=abc123")));
    }

    [Theory]
    [InlineData("HERO_KILL_GROUP=abc12")]
    [InlineData("HERO_KILL_GROUP=abc1234")]
    [InlineData("KILL_GROUP=abc123")]
    [InlineData("HERO_KILL_GROUP=")]
    public void ContainsVariable_rejects_prefixes_suffixes_and_substrings(string entry)
    {
        byte[] environment = Environ("X_HERO_KILL_GROUP=abc123", "HERO_KILL_GROUP=abc123x", "HERO_KILL_GROUP=abc123 ");
        Assert.False(ProcessTable.ContainsVariable(environment, Entry(entry)));
    }

    [Fact]
    public void ContainsVariable_on_an_empty_environment_is_false()
    {
        Assert.False(ProcessTable.ContainsVariable([], Entry("HERO_KILL_GROUP=abc123")));
        Assert.False(ProcessTable.ContainsVariable([0, 0], Entry("HERO_KILL_GROUP=abc123")));
    }
}
