using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using Hero.Budgets;

namespace Hero.PowerShell.Binding;

/// <summary>-Category completes to the categories of the suite named by -Path.</summary>
public sealed class SmokeCategoryCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var categories = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        try
        {
            string? path = fakeBoundParameters["Path"] is { } p ? LanguagePrimitives.ConvertTo<string>(p) : null;
            if (path is null) return [];
            object? root = BudgetFiles.Documents(System.IO.Path.GetFullPath(path)).FirstOrDefault();
            IEnumerable<object?> entries = root is BudgetMap map ? (map["tests"] ?? map["entries"]) as List<object?> ?? [] : root as List<object?> ?? [];
            foreach (BudgetMap entry in entries.OfType<BudgetMap>())
            {
                if (entry["category"] is string category) categories.Add(category);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return [];
        }

        string word = wordToComplete.Trim('\'', '"');
        return categories.Where(c => c.StartsWith(word, StringComparison.OrdinalIgnoreCase))
            .Select(c => new CompletionResult(c, c, CompletionResultType.ParameterValue, c));
    }
}
