using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;

namespace Hero.PowerShell.Binding;

internal static class DictionaryConversion
{
    /// <summary>-Environment @{ NAME = 'value'; GONE = $null }: values become strings, $null removes.</summary>
    public static Dictionary<string, string?> ToEnvironment(IDictionary? values)
    {
        var result = new Dictionary<string, string?>();
        if (values is null) return result;
        foreach (DictionaryEntry entry in values)
        {
            string key = Unwrap(entry.Key)?.ToString() ?? string.Empty;
            object? value = Unwrap(entry.Value);
            result[key] = value is null ? null : System.Convert.ToString(value, CultureInfo.InvariantCulture);
        }

        return result;
    }

    public static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;

    /// <summary>Like Unwrap, but an object whose properties live on the wrapper ([pscustomobject],
    /// Import-Csv, ConvertFrom-Json) stays whole.</summary>
    public static object? UnwrapKeepingProperties(object? value) =>
        value is PSObject wrapped && wrapped.BaseObject is not PSCustomObject ? wrapped.BaseObject : value;
}
