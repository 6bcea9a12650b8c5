using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using Hero.Budgets;

namespace Hero.PowerShell.Binding;

/// <summary>-Environment completes to the environments the -Path file defines (slo.config's
/// 'environments' section: development, staging, production ...).</summary>
public sealed class BudgetEnvironmentCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        IEnumerable<string> names;
        try
        {
            string? path = fakeBoundParameters["Path"] is { } p ? LanguagePrimitives.ConvertTo<string[]>(p).FirstOrDefault() : null;
            if (path is null) return [];
            names = BudgetFiles.Documents(System.IO.Path.GetFullPath(path)).FirstOrDefault() is BudgetMap root && root["environments"] is BudgetMap environments
                ? environments.Keys
                : [];
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return [];
        }

        return names.Where(n => n.StartsWith(wordToComplete.Trim('\'', '"'), StringComparison.OrdinalIgnoreCase))
            .Select(n => new CompletionResult(n, n, CompletionResultType.ParameterValue, n));
    }
}
