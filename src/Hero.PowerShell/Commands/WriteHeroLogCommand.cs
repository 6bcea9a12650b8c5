using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using Hero.Logging;
using Hero.PowerShell.Binding;
using Hero.PowerShell.Hosting;

namespace Hero.PowerShell.Commands;

/// <summary>Writes one structured event to the Hero log. The message is a Serilog message template:
/// its {Holes} are filled from -Properties by name, and every property is stored as a field.</summary>
[Cmdlet(VerbsCommunications.Write, "HeroLog")]
[OutputType(typeof(void))]
public sealed class WriteHeroLogCommand : HeroCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    public string Message { get; set; } = string.Empty;

    [Parameter(Position = 1)]
    public HeroLogLevel Level { get; set; } = HeroLogLevel.Information;

    [Parameter]
    public IDictionary? Properties { get; set; }

    [Parameter]
    public Exception? Exception { get; set; }

    protected override void ProcessRecord()
    {
        var properties = new List<KeyValuePair<string, object?>>();
        if (Properties is not null)
        {
            foreach (DictionaryEntry entry in Properties)
            {
                string? key = DictionaryConversion.Unwrap(entry.Key)?.ToString();
                if (!string.IsNullOrWhiteSpace(key))
                {
                    properties.Add(new KeyValuePair<string, object?>(key!, PlainValue(entry.Value)));
                }
            }
        }

        HeroLogRecord record = HeroLog.Current.Write(Level, Message, properties, exception: Exception);
        LogRelay.Show(this, record, HeroLog.Settings.Console);
    }

    /// <summary>PowerShell wraps values in PSObject; a nested hashtable becomes a dictionary field,
    /// and so does a [pscustomobject] (whose properties live on the wrapper: unwrapped, it would log
    /// as an empty structure).</summary>
    private static object? PlainValue(object? value)
    {
        object? plain = DictionaryConversion.UnwrapKeepingProperties(value);
        if (plain is PSObject custom)
        {
            var members = new Dictionary<string, object?>();
            foreach (PSPropertyInfo property in custom.Properties) members[property.Name] = PlainValue(property.Value);
            return members;
        }

        if (plain is IDictionary nested)
        {
            var copy = new Dictionary<string, object?>();
            foreach (DictionaryEntry entry in nested)
            {
                copy[DictionaryConversion.Unwrap(entry.Key)?.ToString() ?? string.Empty] = PlainValue(entry.Value);
            }

            return copy;
        }

        if (plain is object[] array)
        {
            return Array.ConvertAll(array, PlainValue);
        }

        return plain;
    }
}
