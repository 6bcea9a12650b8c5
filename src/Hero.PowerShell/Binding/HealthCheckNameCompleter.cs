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
        string location = Location();
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

        string typed = wordToComplete.Trim('\'', '"');
        foreach (string name in names.Where(n => n.StartsWith(typed, StringComparison.OrdinalIgnoreCase)).OrderBy(n => n, StringComparer.OrdinalIgnoreCase))
        {
            string text = name.IndexOfAny([' ', '\'', '"', '$', '`', ',', ';', '(', ')', '{', '}']) >= 0 ? "'" + name.Replace("'", "''") + "'" : name;
            yield return new CompletionResult(text, name, CompletionResultType.ParameterValue, name);
        }
    }

    /// <summary>$PWD, asked in the running pipeline: a completer may not use the session state proxy.</summary>
    private static string Location()
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

    private static string[]? Strings(object? value) => DictionaryConversion.Unwrap(value) switch
    {
        null => null,
        string text => [text],
        IEnumerable items => items.Cast<object>().Select(i => Convert.ToString(DictionaryConversion.Unwrap(i), System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty).ToArray(),
        object other => [Convert.ToString(other, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty],
    };
}
