using System;
using System.Management.Automation;
using Hero.Text;

namespace Hero.PowerShell.Binding;

/// <summary>Lets every size parameter take bytes or '512KB', '10MB', '1GiB'.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class SizeTransformationAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        object? value = DictionaryConversion.Unwrap(inputData);
        try
        {
            return SizeParser.Parse(value);
        }
        catch (FormatException e)
        {
            throw new ArgumentTransformationMetadataException(e.Message + ProgramArgumentHint.For(value), e);
        }
    }
}
