using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using Hero.Budgets;

namespace Hero.PowerShell.Binding;

/// <summary>-Environment completes to the environments the -Path file defines (slo.config's
/// 'environments' section: development, staging, production ...).</summary>
public sealed class BudgetEnvironmentCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        NameCompletion.FromPathDocument(fakeBoundParameters, wordToComplete, root =>
            root is BudgetMap map && map["environments"] is BudgetMap environments ? environments.Keys : []);
}
