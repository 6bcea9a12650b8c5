using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using Hero.Budgets;

namespace Hero.PowerShell.Binding;

/// <summary>The completions every Hero name completer returns: names starting with what was typed,
/// sorted, quoted when they need it.</summary>
internal static class NameCompletion
{
    public static IEnumerable<CompletionResult> Matching(IEnumerable<string> names, string wordToComplete)
    {
        string typed = wordToComplete.Trim('\'', '"');
        return names
            .Where(n => n.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .OrderBy(n => n, StringComparer.OrdinalIgnoreCase)
            .Select(n => new CompletionResult(Quote(n), n, CompletionResultType.ParameterValue, n));
    }

    /// <summary>Names read from the first document of the file already typed for -Path (a budget or
    /// a suite, JSON, .psd1 or YAML). A file that is missing or does not parse completes nothing
    /// rather than failing the completion.</summary>
    public static IEnumerable<CompletionResult> FromPathDocument(IDictionary fakeBoundParameters, string wordToComplete, Func<object?, IEnumerable<string>> names)
    {
        List<string> found;
        try
        {
            string? path = fakeBoundParameters["Path"] is { } p ? LanguagePrimitives.ConvertTo<string[]>(p).FirstOrDefault() : null;
            if (string.IsNullOrEmpty(path)) return [];
            string full = System.IO.Path.GetFullPath(System.IO.Path.Combine(CurrentLocation(), path));
            found = names(BudgetFiles.Documents(full).FirstOrDefault()).ToList();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return [];
        }

        return Matching(found, wordToComplete);
    }

    /// <summary>$PWD, asked in the running pipeline: a completer may not use the session state proxy,
    /// and the process's directory is not where relative paths typed in the session point.</summary>
    public static string CurrentLocation()
    {
        try
        {
            using var ps = System.Management.Automation.PowerShell.Create(RunspaceMode.CurrentRunspace);
            PathInfo? here = ps.AddCommand("Microsoft.PowerShell.Management\\Get-Location").Invoke<PathInfo>().FirstOrDefault();
            if (here is not null && here.Provider.Name == "FileSystem") return here.ProviderPath;
        }
        catch (Exception e) when (e is InvalidOperationException or RuntimeException)
        {
        }

        return Environment.CurrentDirectory;
    }

    private static string Quote(string name) =>
        name.Any(c => char.IsWhiteSpace(c) || "'\"`$(){};,|&<>@#".IndexOf(c) >= 0) ? "'" + name.Replace("'", "''") + "'" : name;
}
