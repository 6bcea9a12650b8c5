using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace Hero.PowerShell.Binding;

/// <summary>Tab on -DependsOn offers the names of the tasks New-HeroTask has defined in this session.</summary>
public sealed class TaskNameCompleter : IArgumentCompleter
{
    private static readonly ConcurrentDictionary<string, byte> Defined = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>New-HeroTask tells every name it gives out.</summary>
    internal static void Remember(string? name)
    {
        if (!string.IsNullOrWhiteSpace(name) && Defined.Count < 10_000) Defined[name!] = 0;
    }

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        NameCompletion.Matching(Defined.Keys, wordToComplete);
}
