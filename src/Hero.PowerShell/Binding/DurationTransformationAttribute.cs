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
        object? value = DictionaryConversion.Unwrap(inputData) is object[] { Length: 1 } single ? single[0] : inputData;
        try
        {
            value = AsTyped(value);
            return AllowInfinite ? DurationParser.Parse(value) : DurationParser.ParseFinite(value);
        }
        catch (FormatException e)
        {
            throw new ArgumentTransformationMetadataException(e.Message + ProgramArgumentHint.For(value), e);
        }
    }

    /// <summary>A number typed on the command line reaches the binder already converted: 1e-10000
    /// as 0 (which means "no limit"), 2d as the decimal 2 (PowerShell's suffix, not days). PowerShell
    /// keeps the text as typed on the wrapper, and that text is what the user meant: it is read
    /// whenever it is a duration; anything else (0x10, 1kb) keeps its number.</summary>
    internal static object? AsTyped(object? value)
    {
        object? bare = DictionaryConversion.Unwrap(value);
        if (value is PSObject && bare is int or long or double or decimal or float or short or byte or uint or ulong or ushort or sbyte)
        {
            string typed = LanguagePrimitives.ConvertTo<string>(value);
            if (DurationParser.TryParse(typed, out _)) return typed;
        }

        return bare;
    }
}
