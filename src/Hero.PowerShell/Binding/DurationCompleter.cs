using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace Hero.PowerShell.Binding;

/// <summary>Tab on a duration parameter offers durations, not the file names PowerShell would offer
/// by default.</summary>
public sealed class DurationCompleter : IArgumentCompleter
{
    private static readonly string[] Examples = ["250ms", "1s", "5s", "30s", "1m", "5m", "10m", "30m", "1h", "Infinite"];

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        string typed = wordToComplete.Trim('\'', '"');
        var matches = Examples.Where(e => e.StartsWith(typed, System.StringComparison.OrdinalIgnoreCase)).ToList();

        // A number typed so far: offer it with each unit.
        if (matches.Count == 0 && double.TryParse(typed, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            matches = new[] { "ms", "s", "m", "h" }.Select(unit => typed + unit).ToList();
        }

        return matches.Select(m => new CompletionResult(m, m, CompletionResultType.ParameterValue, m));
    }
}
