using System;
using System.Management.Automation;
using System.Management.Automation.Language;
using Hero.Budgets;

namespace Hero.PowerShell.Binding;

/// <summary>A .psd1 budget, objectives or suite file, read as Import-PowerShellDataFile reads one:
/// parsed, never run, constants only. A syntax error names the file, line and column.</summary>
internal static class PowerShellDataFile
{
    public static object? Read(string path)
    {
        Ast ast = Parser.ParseFile(path, out _, out ParseError[] errors);
        if (errors.Length > 0)
        {
            ParseError first = errors[0];
            throw new HeroFileFormatException(path, "not a valid PowerShell data file: " + first.Message, first.Extent.StartLineNumber, first.Extent.StartColumnNumber);
        }

        if (ast.Find(a => a is HashtableAst, searchNestedScriptBlocks: false) is not HashtableAst data)
        {
            throw new HeroFileFormatException(path, "a PowerShell data file holds one hashtable, @{ ... }.");
        }

        try
        {
            return BudgetTree.From(data.SafeGetValue());
        }
        catch (InvalidOperationException e)
        {
            throw new HeroFileFormatException(path, "a data file may hold only constants, no commands or variables: " + e.Message, data.Extent.StartLineNumber, data.Extent.StartColumnNumber);
        }
    }

    /// <summary>Values a script gave (-Objective hashtables) without their PSObject wrappers, so
    /// the neutral tree sees the numbers and texts themselves.</summary>
    public static object? Unwrapped(object? value)
    {
        object? bare = DictionaryConversion.Unwrap(value);
        switch (bare)
        {
            case System.Collections.IDictionary dictionary:
                var copy = new System.Collections.Hashtable(StringComparer.OrdinalIgnoreCase);
                foreach (System.Collections.DictionaryEntry entry in dictionary) copy[Unwrapped(entry.Key) ?? string.Empty] = Unwrapped(entry.Value);
                return copy;
            case string or ScriptBlock:
                return bare;
            case System.Collections.IEnumerable items:
                var list = new System.Collections.Generic.List<object?>();
                foreach (object? item in items) list.Add(Unwrapped(item));
                return list;
            default:
                return bare;
        }
    }
}
