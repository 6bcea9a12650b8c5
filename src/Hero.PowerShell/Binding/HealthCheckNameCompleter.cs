using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using Hero.Health;

namespace Hero.PowerShell.Binding;

/// <summary>Completes Test-HeroHealth -Name with the names of the checks the command line would run:
/// those of the -Path files and -Check tables already typed, else the default checks. A file that
/// does not parse completes nothing rather than failing the completion.</summary>
public sealed class HealthCheckNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        string location = NameCompletion.CurrentLocation();
        string[]? paths = Strings(fakeBoundParameters["Path"]);
        Hashtable[]? tables = (DictionaryConversion.Unwrap(fakeBoundParameters["Check"]) as IEnumerable)?.Cast<object>()
            .Select(DictionaryConversion.Unwrap).OfType<Hashtable>().ToArray();
        if (DictionaryConversion.Unwrap(fakeBoundParameters["Check"]) is Hashtable single) tables = [single];
        IEnumerable<string> names;
        try
        {
            names = HealthCheckInput.Load(p => Path.GetFullPath(Path.Combine(location, p)), paths, tables, HealthCheck.DefaultTimeout, new HealthContext(location)).Select(c => c.Name);
        }
        catch (Exception e) when (e is HealthCheckDefinitionException or IOException or UnauthorizedAccessException)
        {
            yield break;
        }

        foreach (CompletionResult result in NameCompletion.Matching(names, wordToComplete))
        {
            yield return result;
        }
    }

    private static string[]? Strings(object? value) => DictionaryConversion.Unwrap(value) switch
    {
        null => null,
        string text => [text],
        IEnumerable items => items.Cast<object>().Select(i => Convert.ToString(DictionaryConversion.Unwrap(i), System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty).ToArray(),
        object other => [Convert.ToString(other, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty],
    };
}
