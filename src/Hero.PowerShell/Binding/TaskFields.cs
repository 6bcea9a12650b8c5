using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Runtime.CompilerServices;
using Hero.PowerShell.Scripting;
using Hero.Resilience;
using Hero.Text;

namespace Hero.PowerShell.Binding;

/// <summary>Every task setting by the name Invoke-HeroTask's parameter has, with one conversion each.
/// Bound parameters of Invoke-HeroTask and New-HeroTask, hashtable keys of a batch, and batch-wide
/// defaults all go through this one table, so a key means the same thing everywhere.</summary>
internal static class TaskFields
{
    private delegate void Setter(HeroTaskDefinition task, object? value, SessionState caller);

    private static readonly Dictionary<string, Setter> Setters = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Name"] = (t, v, _) => t.Name = Text(v),
        ["FilePath"] = (t, v, c) =>
        {
            string path = Text(v)!;
            t.Kind = HeroTaskKind.Process;
            t.FilePath = HasDirectory(path) ? PathResolver.FileSystemPath(c, path) : path;
        },
        ["ArgumentList"] = (t, v, _) => t.ArgumentList = Strings(v),
        ["Args"] = (t, v, _) => t.ArgumentList = Strings(v),
        ["Command"] = (t, v, _) =>
        {
            t.Kind = HeroTaskKind.Shell;
            t.Command = Text(v);
        },
        ["Shell"] = (_, _, _) => { },
        ["ScriptPath"] = (t, v, c) =>
        {
            t.Kind = HeroTaskKind.Script;
            t.ScriptPath = PathResolver.FileSystemPath(c, Text(v));
        },
        ["PowerShellHost"] = (t, v, _) => t.PowerShellHost = Text(v),
        ["ScriptBlock"] = (t, v, c) =>
        {
            t.Kind = HeroTaskKind.ScriptBlock;
            t.ScriptBlock = ScriptBlockPayload.Create(Block(v), c);
        },
        ["WorkingDirectory"] = (t, v, c) => t.WorkingDirectory = PathResolver.FileSystemPath(c, Text(v)),
        ["Environment"] = (t, v, _) => t.Environment = DictionaryConversion.ToEnvironment(v as IDictionary ?? throw new FormatException("a hashtable is required.")),
        ["StandardInput"] = (t, v, _) => t.StandardInput = Text(v),
        ["StandardInputPath"] = (t, v, c) => t.StandardInputPath = PathResolver.FileSystemPath(c, Text(v)),
        ["CorrelationId"] = (t, v, _) => t.CorrelationId = Text(v),
        ["Timeout"] = (t, v, _) => t.Timeout = DurationParser.Parse(v),
        ["AttemptTimeout"] = (t, v, _) => t.AttemptTimeout = DurationParser.Parse(v),
        ["StallTimeout"] = (t, v, _) => t.StallTimeout = DurationParser.Parse(v),
        ["GracePeriod"] = (t, v, _) => t.GracePeriod = DurationParser.ParseFinite(v),
        ["HeartbeatInterval"] = (t, v, _) => t.HeartbeatInterval = DurationParser.ParseFinite(v),
        ["Encoding"] = (t, v, _) => t.Encoding = EncodingTransformationAttribute.Convert(v),
        ["Quiet"] = (t, v, _) => t.Quiet = Flag(v),
        ["MaxOutputBytes"] = (t, v, _) => t.MaxOutputBytes = SizeParser.Parse(v),
        ["OutputPath"] = (t, v, c) => t.OutputPath = PathResolver.FileSystemPath(c, Text(v)),
        ["RetryCount"] = (t, v, _) => t.Retry = t.Retry with { RetryCount = NonNegative(LanguagePrimitives.ConvertTo<int>(v)) },
        ["RetryDelay"] = (t, v, _) => t.Retry = t.Retry with { Delay = DurationParser.ParseFinite(v) },
        ["MaxRetryDelay"] = (t, v, _) => t.Retry = t.Retry with { MaxDelay = DurationParser.Parse(v) },
        ["RetryBackoff"] = (t, v, _) => t.Retry = t.Retry with { Backoff = LanguagePrimitives.ConvertTo<RetryBackoff>(v) },
        ["NoJitter"] = (t, v, _) => t.Retry = t.Retry with { Jitter = !Flag(v) },
        ["RetryOnExitCode"] = (t, v, _) => t.RetryOnExitCode = LanguagePrimitives.ConvertTo<int[]>(v),
        ["RetryOnTimeout"] = (t, v, _) => t.RetryOnTimeout = Flag(v),
        ["RetryIf"] = (t, v, _) => t.RetryIf = new RetryCondition(Block(v)),
        ["SuccessExitCode"] = (t, v, _) => t.SuccessExitCode = LanguagePrimitives.ConvertTo<int[]>(v),
        ["DependsOn"] = (t, v, _) => t.DependsOn = Strings(v),
    };

    // Which settings a definition was given explicitly (parameter or hashtable key), so batch-wide
    // defaults fill in only the rest. Binding bookkeeping: kept beside the definition, not in it.
    private static readonly ConditionalWeakTable<HeroTaskDefinition, HashSet<string>> ExplicitFields = new();

    public static IEnumerable<string> Names => Setters.Keys.Where(k => k != "Args");

    public static bool IsTaskField(string name) => Setters.ContainsKey(name);

    /// <summary>Applies one setting. Throws HeroTaskDefinitionException naming the key (and the task).</summary>
    public static void Apply(HeroTaskDefinition task, string name, object? value, SessionState caller, string? taskLabel = null)
    {
        if (!Setters.TryGetValue(name, out Setter? setter))
        {
            throw new HeroTaskDefinitionException(
                $"unknown key '{name}'. Valid keys: {string.Join(", ", Names.OrderBy(n => n))}.", name, taskLabel);
        }

        try
        {
            setter(task, DictionaryConversion.Unwrap(value), caller);
            Explicit(task).Add(name.Equals("Args", StringComparison.OrdinalIgnoreCase) ? "ArgumentList" : name);
        }
        // ArgumentTransformationMetadataException: Encoding shares its conversion with the -Encoding
        // parameter's transformation attribute, which must throw that type for PowerShell's binder.
        catch (Exception e) when (e is FormatException or PSInvalidCastException or InvalidCastException or ArgumentException or NotSupportedException
                                       or ArgumentTransformationMetadataException
                                   && e is not HeroTaskDefinitionException)
        {
            throw new HeroTaskDefinitionException($"'{value}' is not valid for '{name}': {e.Message}", name, taskLabel);
        }
    }

    /// <summary>A task from a hashtable of Invoke-HeroTask parameter names (plus DependsOn).</summary>
    public static HeroTaskDefinition FromHashtable(IDictionary table, SessionState caller, int position)
    {
        var task = new HeroTaskDefinition();
        string label = (table["Name"] is { } named ? DictionaryConversion.Unwrap(named)?.ToString() : null) ?? $"#{position}";
        foreach (DictionaryEntry entry in table)
        {
            Apply(task, DictionaryConversion.Unwrap(entry.Key)?.ToString() ?? string.Empty, entry.Value, caller, label);
        }

        int kinds = new[] { "FilePath", "Command", "ScriptPath", "ScriptBlock" }.Count(Explicit(task).Contains);
        if (kinds != 1)
        {
            throw new HeroTaskDefinitionException(
                $"give exactly one of FilePath, Command, ScriptPath or ScriptBlock (found {kinds}).", "FilePath", label);
        }

        return task;
    }

    /// <summary>Batch-wide settings (the parameters bound on Invoke-HeroTask) fill in what a task did
    /// not set itself.</summary>
    public static void ApplyDefaults(HeroTaskDefinition task, IDictionary<string, object> bound, SessionState caller)
    {
        foreach (KeyValuePair<string, object> parameter in bound)
        {
            if (IsTaskField(parameter.Key) && !IsKindField(parameter.Key) && parameter.Key != "Name" && parameter.Key != "DependsOn"
                && !Explicit(task).Contains(parameter.Key))
            {
                Apply(task, parameter.Key, parameter.Value, caller, task.Name);
            }
        }
    }

    private static bool IsKindField(string name) =>
        name is "FilePath" or "Command" or "Shell" or "ScriptPath" or "ScriptBlock" or "ArgumentList" or "Args" or "PowerShellHost";

    /// <summary>A copy of a definition (New-HeroTask's output is reused across calls), with its
    /// explicit settings.</summary>
    public static HeroTaskDefinition Copy(HeroTaskDefinition definition)
    {
        HeroTaskDefinition copy = definition.Clone();
        ExplicitFields.Add(copy, new HashSet<string>(Explicit(definition), StringComparer.OrdinalIgnoreCase));
        return copy;
    }

    /// <summary>Whether the definition was given this setting itself (parameter or hashtable key).</summary>
    public static bool IsExplicit(HeroTaskDefinition task, string name) => Explicit(task).Contains(name);

    private static HashSet<string> Explicit(HeroTaskDefinition task) =>
        ExplicitFields.GetValue(task, _ => new HashSet<string>(StringComparer.OrdinalIgnoreCase));

    private static ScriptBlock Block(object? value) => value as ScriptBlock ?? throw new FormatException("a script block { ... } is required.");

    private static string? Text(object? value) => value is null ? null : LanguagePrimitives.ConvertTo<string>(value);

    private static string[] Strings(object? value) => value is null ? [] : LanguagePrimitives.ConvertTo<string[]>(value);

    private static bool Flag(object? value) => value is SwitchParameter s ? s.IsPresent : LanguagePrimitives.IsTrue(value);

    private static int NonNegative(int value) => value < 0 ? throw new FormatException("it must be 0 or more.") : value;

    private static bool HasDirectory(string path) =>
        path.IndexOf('/') >= 0 || path.IndexOf(Path.DirectorySeparatorChar) >= 0 || path.StartsWith("~", StringComparison.Ordinal);
}
