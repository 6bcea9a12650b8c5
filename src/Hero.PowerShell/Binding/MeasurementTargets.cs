using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using Hero.PowerShell.Scripting;
using Hero.Tasks;

namespace Hero.PowerShell.Binding;

/// <summary>Measure-HeroTask's binding in one place: which task settings a measurement takes, the
/// parameter scan (one target per value, with {name} replaced), target names, and the hooks.</summary>
internal static class MeasurementTargets
{
    /// <summary>Task settings that describe retries and attempts: a measurement times each run as it
    /// is, so a task from the pipeline that sets one is refused rather than silently run otherwise.</summary>
    public static readonly string[] RunPolicyFields =
        ["AttemptTimeout", "RetryCount", "RetryDelay", "MaxRetryDelay", "RetryBackoff", "NoJitter", "RetryOnExitCode", "RetryOnTimeout", "RetryIf", "DependsOn", "MaxOutputBytes"];

    /// <summary>One target before its hooks exist: what runs, under which name, with which scan values.</summary>
    public sealed record Spec(string Name, HeroTaskDefinition Definition, IReadOnlyDictionary<string, string> Parameters);

    public static void RejectRunPolicy(HeroTaskDefinition task, string? label)
    {
        string? field = RunPolicyFields.FirstOrDefault(f => TaskFields.IsExplicit(task, f));
        if (field is null) return;
        throw new HeroTaskDefinitionException(
            $"Measure-HeroTask times each run as it is, without retries or attempts; remove {field} (use -Timeout for a limit per run).", field, label);
    }

    /// <summary>One spec per scan value (or one without a scan), named and checked.</summary>
    public static List<Spec> Expand(HeroTaskDefinition task, string? scanName, IReadOnlyList<string> scanValues)
    {
        bool explicitName = TaskFields.IsExplicit(task, "Name");
        if (scanName is null)
        {
            return [new Spec(explicitName ? task.Name! : DefaultName(task), task, new Dictionary<string, string>())];
        }

        string placeholder = "{" + scanName + "}";
        if (task.Kind != HeroTaskKind.ScriptBlock && !Texts(task).Any(t => t.IndexOf(placeholder, StringComparison.Ordinal) >= 0))
        {
            throw new HeroTaskDefinitionException(
                $"'{placeholder}' appears nowhere in '{DefaultName(task)}': every value would run the same command.", "ParameterName");
        }

        var specs = new List<Spec>(scanValues.Count);
        foreach (string value in scanValues)
        {
            HeroTaskDefinition copy = task.Clone();
            copy.FilePath = Substitute(copy.FilePath, placeholder, value);
            copy.Command = task.Kind == HeroTaskKind.ScriptBlock ? copy.Command : Substitute(copy.Command, placeholder, value);
            copy.ArgumentList = copy.ArgumentList.Select(a => Substitute(a, placeholder, value)!).ToArray();
            copy.StandardInput = Substitute(copy.StandardInput, placeholder, value);
            string name = explicitName
                ? (task.Name!.IndexOf(placeholder, StringComparison.Ordinal) >= 0 ? Substitute(task.Name, placeholder, value)! : $"{task.Name} ({scanName}={value})")
                : task.Kind == HeroTaskKind.ScriptBlock ? $"{DefaultName(task)} ({scanName}={value})" : DefaultName(copy);
            copy.Name = name;
            specs.Add(new Spec(name, copy, new Dictionary<string, string>(StringComparer.Ordinal) { [scanName] = value }));
        }

        return specs;
    }

    /// <summary>Names a comparison can refer to: each target's must be its own.</summary>
    public static void CheckNames(IReadOnlyList<Spec> specs)
    {
        foreach (IGrouping<string, Spec> same in specs.GroupBy(s => s.Name, StringComparer.OrdinalIgnoreCase))
        {
            if (same.Count() > 1)
            {
                throw new HeroTaskDefinitionException(
                    $"{same.Count()} targets are named '{same.Key}'; give each its own Name so the comparison can tell them apart.", "Name");
            }
        }
    }

    /// <summary>hyperfine names a benchmark by its command line: the program as written and its
    /// arguments (secrets masked), the shell command, or the script block's text.</summary>
    public static string DefaultName(HeroTaskDefinition task) => task.Kind switch
    {
        HeroTaskKind.Shell => task.Command ?? "shell",
        HeroTaskKind.ScriptBlock => "{ " + (task.Command ?? string.Empty) + " }",
        HeroTaskKind.Script => LaunchPlanner.Display(System.IO.Path.GetFileName(task.ScriptPath ?? "script"), task.ArgumentList),
        _ => LaunchPlanner.Display(task.FilePath ?? "program", task.ArgumentList),
    };

    public static string[] ScanValues(object[]? values) =>
        values is null ? [] : values.Select(v => Convert.ToString(DictionaryConversion.Unwrap(v), CultureInfo.InvariantCulture) ?? string.Empty).ToArray();

    /// <summary>-Prepare and friends take a command line (run through the shell, with {name}
    /// replaced) or a script block; anything else is refused, naming the parameter.</summary>
    public static object? HookValue(object? value, string parameter)
    {
        object? hook = DictionaryConversion.Unwrap(value);
        return hook switch
        {
            null => null,
            ScriptBlock block => block,
            string text when text.Trim().Length > 0 => text,
            _ => throw new HeroTaskDefinitionException("give a command line (a string) or a script block { ... }.", parameter),
        };
    }

    /// <summary>The hook for one target: a command line runs through the shell in the target's working
    /// directory and environment; a script block runs in the target's runspace (a -ScriptBlock target)
    /// or, for a program, in this session on the pipeline thread.</summary>
    public static Hero.Measurement.MeasurementHook? Hook(object? hook, string stage, Spec spec, MeasuredScriptBlock? script,
        Func<ScriptBlock, IReadOnlyDictionary<string, string>, Hero.Measurement.MeasurementHook> sessionHook)
    {
        HeroTaskDefinition task = spec.Definition;
        switch (hook)
        {
            case null:
                return null;
            case ScriptBlock block when script is not null:
                return script.Hook(block, TaskRunner.Limit(task.Timeout));
            case ScriptBlock block:
                return sessionHook(block, spec.Parameters);
            default:
                string command = (string)hook;
                foreach (KeyValuePair<string, string> parameter in spec.Parameters)
                {
                    command = command.Replace("{" + parameter.Key + "}", parameter.Value);
                }

                return Hero.Measurement.MeasurementHook.Shell(spec.Name + " " + stage, command, task.WorkingDirectory ?? Environment.CurrentDirectory,
                    task.Environment, task.Timeout, task.GracePeriod);
        }
    }

    private static IEnumerable<string> Texts(HeroTaskDefinition task) =>
        new[] { task.FilePath, task.Command, task.StandardInput }.Concat(task.ArgumentList).Where(t => t is not null)!;

    private static string? Substitute(string? text, string placeholder, string value) => text?.Replace(placeholder, value);
}
