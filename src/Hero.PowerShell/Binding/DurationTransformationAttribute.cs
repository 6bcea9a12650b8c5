using System;
using System.Management.Automation;
using Hero.Text;

namespace Hero.PowerShell.Binding;

/// <summary>Lets every duration parameter take 30, 0.5, '250ms', '90s', '1h30m', a TimeSpan or
/// 'Infinite'. Runs before PowerShell's own conversion, which would read 5 as five ticks.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class DurationTransformationAttribute : ArgumentTransformationAttribute
{
    /// <summary>Whether 'Infinite' is meaningful for this parameter.</summary>
    public bool AllowInfinite { get; set; } = true;

    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        object? value = DictionaryConversion.Unwrap(inputData);
        if (value is object[] { Length: 1 } single)
        {
            value = DictionaryConversion.Unwrap(single[0]);
        }

        try
        {
            TimeSpan result = DurationParser.Parse(value);
            if (!AllowInfinite && DurationParser.IsInfinite(result))
            {
                throw new FormatException("'Infinite' is not allowed here; give a finite duration such as '5s'.");
            }

            return result;
        }
        catch (FormatException e)
        {
            throw new ArgumentTransformationMetadataException(e.Message, e);
        }
    }
}
