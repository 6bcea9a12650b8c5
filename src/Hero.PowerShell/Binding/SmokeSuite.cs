using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Hero.Budgets;
using Hero.Slo;
using Hero.Text;

namespace Hero.PowerShell.Binding;

/// <summary>A smoke suite file (.psd1 or .json): { Tests = @( @{ Name; FilePath + ArgumentList or
/// Command; Budget = @{ Time; Memory }; Category; Iterations } ) }, or the list alone. Any other key
/// of an entry is an Invoke-HeroTask parameter (WorkingDirectory, Environment, SuccessExitCode,
/// GracePeriod, DependsOn ...), read by the same table; relative paths are relative to the suite's
/// folder. The deadline is the budget time plus -Buffer, so an entry may not set Timeout.</summary>
internal static class SmokeSuite
{
    private static readonly string[] PathKeys = ["FilePath", "WorkingDirectory", "ScriptPath", "OutputPath", "StandardInputPath"];

    public static List<SmokeEntry> Read(PSCmdlet cmdlet, string full, TimeSpan buffer)
    {
        object? root = BudgetFiles.Documents(full).FirstOrDefault();
        string folder = System.IO.Path.GetDirectoryName(full)!;
        List<object?> list = root switch
        {
            BudgetMap map when (map["tests"] ?? map["entries"]) is List<object?> tests => tests,
            List<object?> bare => bare,
            _ => throw new HeroFileFormatException(full, "expected a suite: { Tests = @( @{ Name = ...; FilePath = ...; Budget = @{ Time = '30s' } } ) } or the list of entries alone."),
        };

        var entries = new List<SmokeEntry>();
        for (int i = 0; i < list.Count; i++)
        {
            string at = $"Tests[{i}]";
            if (list[i] is not BudgetMap entry) throw new HeroFileFormatException(full, $"an entry is a mapping of keys (Name, FilePath, Budget ...), not {BudgetTree.Describe(list[i])}.", field: at);
            entries.Add(Entry(cmdlet, full, folder, entry, at, buffer));
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (SmokeEntry entry in entries)
        {
            if (!names.Add(entry.Name)) throw new HeroFileFormatException(full, $"two entries are named '{entry.Name}'; names must be unique.", field: "Tests");
        }

        return entries;
    }

    private static SmokeEntry Entry(PSCmdlet cmdlet, string file, string folder, BudgetMap entry, string at, TimeSpan buffer)
    {
        var fields = new BudgetFields(file, new BudgetImport("Suite"));
        string name = entry["name"] is { } n ? fields.Text(n, at + ".Name") : throw new HeroFileFormatException(file, "every entry needs a Name.", field: at);
        at = $"{at} ('{name}')";
        if (entry.Has("timeout")) throw new HeroFileFormatException(file, "an entry has no Timeout: its deadline is Budget.Time plus -Buffer.", field: at + ".Timeout");
        BudgetMap budget = entry["budget"] is { } b ? fields.Map(b, at + ".Budget") : throw new HeroFileFormatException(file, "every entry needs a Budget with a Time (its deadline is that plus -Buffer).", field: at);
        TimeSpan time = Parse(file, at + ".Budget.Time", () => DurationParser.ParseFinite(budget["time"] ?? throw new FormatException("a time budget is required, for example '30s'.")));
        long? memory = budget["memory"] is { } m ? Parse(file, at + ".Budget.Memory", () => SizeParser.Parse(m)) : null;
        foreach (string key in budget.Keys.Where(k => !k.Equals("time", StringComparison.OrdinalIgnoreCase) && !k.Equals("memory", StringComparison.OrdinalIgnoreCase)))
        {
            throw new HeroFileFormatException(file, $"unknown budget '{key}'; a budget has a Time and a Memory.", field: at + ".Budget." + key);
        }

        int iterations = entry["iterations"] is { } it ? (int)fields.Number(it, at + ".Iterations") : 1;
        if (iterations < 1) throw new HeroFileFormatException(file, "Iterations must be 1 or more.", field: at + ".Iterations");
        string? category = entry["category"] is { } c ? fields.Text(c, at + ".Category") : null;

        var table = new Hashtable(StringComparer.OrdinalIgnoreCase);
        foreach (KeyValuePair<string, object?> pair in entry)
        {
            if (pair.Key.Equals("budget", StringComparison.OrdinalIgnoreCase) || pair.Key.Equals("iterations", StringComparison.OrdinalIgnoreCase) || pair.Key.Equals("category", StringComparison.OrdinalIgnoreCase)) continue;
            object? value = ToPowerShell(pair.Value);
            if (PathKeys.Contains(pair.Key, StringComparer.OrdinalIgnoreCase) && value is string path && IsRelativePath(pair.Key, path))
            {
                value = System.IO.Path.Combine(folder, path);
            }

            table[pair.Key] = value;
        }

        table["Timeout"] = time + buffer;
        if (!table.ContainsKey("Quiet")) table["Quiet"] = true;
        if (!table.ContainsKey("WorkingDirectory")) table["WorkingDirectory"] = folder;
        HeroTaskDefinition definition;
        try
        {
            definition = TaskFields.FromHashtable(table, cmdlet.SessionState, 0);
        }
        catch (HeroTaskDefinitionException e)
        {
            throw new HeroFileFormatException(file, e.Reason, field: $"{at}.{e.ParameterName}");
        }

        return new SmokeEntry(name, definition, time, memory, category, iterations);
    }

    /// <summary>The runs of the selected entries: iterations of one entry one after another (each
    /// depends on the one before), an entry's DependsOn on the last run of the entries it names.</summary>
    public static List<HeroTaskDefinition> Runs(IReadOnlyList<SmokeEntry> entries)
    {
        Dictionary<string, string> lastRun = entries.ToDictionary(e => e.Name, e => e.RunNames().Last(), StringComparer.OrdinalIgnoreCase);
        var runs = new List<HeroTaskDefinition>();
        foreach (SmokeEntry entry in entries)
        {
            string? previous = null;
            foreach (string run in entry.RunNames())
            {
                HeroTaskDefinition task = TaskFields.Copy(entry.Definition);
                task.Name = run;
                task.DependsOn = previous is not null ? [previous]
                    : entry.Definition.DependsOn.Select(d => lastRun.TryGetValue(d, out string? last) ? last : d).ToArray();
                runs.Add(task);
                previous = run;
            }
        }

        return runs;
    }

    private static bool IsRelativePath(string key, string path) =>
        !System.IO.Path.IsPathRooted(path) && !path.StartsWith("~", StringComparison.Ordinal)
        && (!key.Equals("FilePath", StringComparison.OrdinalIgnoreCase) || path.IndexOf('/') >= 0 || path.IndexOf(System.IO.Path.DirectorySeparatorChar) >= 0);

    private static T Parse<T>(string file, string field, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (FormatException e)
        {
            throw new HeroFileFormatException(file, e.Message, field: field);
        }
    }

    /// <summary>The neutral tree back into what TaskFields takes: hashtables, arrays, numbers.</summary>
    private static object? ToPowerShell(object? value) => value switch
    {
        BudgetMap map => map.Aggregate(new Hashtable(StringComparer.OrdinalIgnoreCase), (t, e) => { t[e.Key] = ToPowerShell(e.Value); return t; }),
        List<object?> list => list.Select(ToPowerShell).ToArray(),
        double number when number == Math.Floor(number) && Math.Abs(number) < int.MaxValue => (int)number,
        _ => value,
    };
}
