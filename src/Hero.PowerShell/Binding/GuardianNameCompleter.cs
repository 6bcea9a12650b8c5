using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using Hero.Guardian;

namespace Hero.PowerShell.Binding;

/// <summary>Tab on a guardian's -Name offers the guardians in the state directory (or in the
/// -StateDirectory already on the command line).</summary>
public sealed class GuardianNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        IEnumerable<string> names;
        try
        {
            string root = fakeBoundParameters["StateDirectory"] is string folder && folder.Length > 0
                ? Path.GetFullPath(Path.Combine(NameCompletion.CurrentLocation(), folder))
                : GuardianPaths.DefaultRoot();
            names = GuardianCatalog.Names(root);
        }
        catch (System.Exception e) when (e is IOException or System.UnauthorizedAccessException or System.ArgumentException or System.NotSupportedException)
        {
            names = [];
        }

        return NameCompletion.Matching(names, wordToComplete);
    }
}
