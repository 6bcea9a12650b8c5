using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

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

    private static string Quote(string name) =>
        name.Any(c => char.IsWhiteSpace(c) || "'\"`$(){};,|&<>@#".IndexOf(c) >= 0) ? "'" + name.Replace("'", "''") + "'" : name;
}
