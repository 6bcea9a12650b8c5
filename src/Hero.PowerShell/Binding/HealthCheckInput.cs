using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using Hero.Health;

namespace Hero.PowerShell.Binding;

/// <summary>Test-HeroHealth's checks from -Path files (.psd1 with a Checks key, or .json) and -Check
/// hashtables, or the defaults when neither is given. A .psd1 file is parsed as data only, the way
/// Import-PowerShellDataFile does: no code in it ever runs.</summary>
internal static class HealthCheckInput
{
    /// <param name="resolve">Turns a -Path value into a file-system path (relative to $PWD).</param>
    /// <exception cref="HealthCheckDefinitionException">Names the file, the check and the field.</exception>
    public static List<HealthCheck> Load(Func<string, string> resolve, string[]? paths, Hashtable[]? tables, TimeSpan defaultTimeout, HealthContext context)
    {
        var checks = new List<HealthCheck>();
        foreach (string path in paths ?? [])
        {
            string full = resolve(path);
            if (!File.Exists(full)) throw new HealthCheckDefinitionException($"-Path: the checks file '{full}' does not exist.", "Path");
            IEnumerable<(IDictionary Definition, string Source)> definitions = Path.GetExtension(full).ToLowerInvariant() switch
            {
                ".json" => HealthCheckFile.ReadJson(full),
                ".psd1" => ReadDataFile(full),
                _ => throw new HealthCheckDefinitionException($"-Path: '{full}' is neither a .psd1 nor a .json file.", "Path"),
            };
            checks.AddRange(definitions.Select(d => HealthCheckFactory.Create(d.Definition, d.Source, defaultTimeout)));
        }

        int position = 0;
        foreach (Hashtable table in tables ?? [])
        {
            position++;
            checks.Add(HealthCheckFactory.Create((IDictionary)Plain(table)!, $"-Check #{position}", defaultTimeout));
        }

        if (paths is null && tables is null) checks.AddRange(HealthCheckFactory.Defaults(context, defaultTimeout));
        HealthCheckFactory.RejectDuplicateNames(checks);
        return checks;
    }

    private static IEnumerable<(IDictionary, string)> ReadDataFile(string path)
    {
        string name = Path.GetFileName(path);
        ScriptBlockAst ast = Parser.ParseFile(path, out _, out ParseError[] errors);
        if (errors.Length > 0)
        {
            throw new HealthCheckDefinitionException($"{path}: line {errors[0].Extent.StartLineNumber}: {errors[0].Message}");
        }

        if (ast.Find(a => a is HashtableAst, searchNestedScriptBlocks: false) is not HashtableAst root)
        {
            throw new HealthCheckDefinitionException($"{path}: the file holds no hashtable; write @{{ Checks = @( @{{ Kind = 'DiskFree' }} ) }}.");
        }

        object? data;
        try
        {
            data = root.SafeGetValue();
        }
        catch (InvalidOperationException e)
        {
            throw new HealthCheckDefinitionException($"{path}: line {root.Extent.StartLineNumber}: only data is allowed in a checks file ({e.Message}).");
        }

        var top = (IDictionary)Plain(data)!;
        object? list = null;
        foreach (DictionaryEntry entry in top)
        {
            if (string.Equals(entry.Key as string, "Checks", StringComparison.OrdinalIgnoreCase)) list = entry.Value;
            else throw new HealthCheckDefinitionException($"{path}: '{entry.Key}' is not a key of a checks file; put the checks in a list under Checks.", entry.Key as string);
        }

        IEnumerable items = list switch
        {
            IDictionary single => new[] { single },
            IEnumerable many and not string => many,
            _ => throw new HealthCheckDefinitionException($"{path}: Checks must be a list of hashtables, each with a Kind."),
        };
        var result = new List<(IDictionary, string)>();
        int index = 0;
        foreach (object? item in items)
        {
            index++;
            string source = $"{name}, check #{index}";
            if (item is not IDictionary table) throw new HealthCheckDefinitionException($"{source}: a check must be a hashtable with a Kind.");
            result.Add((table, source));
        }

        return result;
    }

    /// <summary>PowerShell values as plain .NET values: wrappers off, arrays as lists, hashtables
    /// case-insensitive, all the way down.</summary>
    internal static object? Plain(object? value)
    {
        value = DictionaryConversion.Unwrap(value);
        switch (value)
        {
            case null or string:
                return value;
            case IDictionary table:
                var copy = new Hashtable(StringComparer.OrdinalIgnoreCase);
                foreach (DictionaryEntry entry in table)
                {
                    string key = Convert.ToString(DictionaryConversion.Unwrap(entry.Key), System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
                    if (copy.ContainsKey(key)) throw new HealthCheckDefinitionException($"The key '{key}' is given twice.", key);
                    copy[key] = Plain(entry.Value);
                }

                return copy;
            case IEnumerable items:
                return items.Cast<object?>().Select(Plain).ToList();
            default:
                return value;
        }
    }
}
