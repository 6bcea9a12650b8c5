using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using Hero.Resilience;

namespace Hero.PowerShell.Binding;

/// <summary>Tab on a circuit name offers the circuits of this session, or of the -CircuitStatePath
/// file already on the command line.</summary>
public sealed class CircuitNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        string? path = fakeBoundParameters["CircuitStatePath"] as string;
        IEnumerable<string> names;
        try
        {
            names = CircuitBreaker.List(string.IsNullOrEmpty(path) ? null : System.IO.Path.GetFullPath(path)).Select(c => c.Name).ToList();
        }
        catch (CircuitStateException)
        {
            names = [];
        }

        return NameCompletion.Matching(names, wordToComplete);
    }
}
