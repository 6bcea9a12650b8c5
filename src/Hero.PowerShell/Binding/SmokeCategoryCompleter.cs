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
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        NameCompletion.FromPathDocument(fakeBoundParameters, wordToComplete, root =>
        {
            IEnumerable<object?> entries = root is BudgetMap map ? (map["tests"] ?? map["entries"]) as List<object?> ?? [] : root as List<object?> ?? [];
            return entries.OfType<BudgetMap>().Select(e => e["category"]).OfType<string>();
        });
}
