using System;
using System.Collections;
using System.Management.Automation;

namespace Hero.PowerShell.Binding;

/// <summary>A program or script path is text. A script block given where one is expected
/// (`Invoke-HeroTask { Get-Date }`) would be run as the program ' Get-Date ', and a task definition
/// (`Invoke-HeroTask @{ FilePath = 'make' }`) as the program 'System.Collections.Hashtable': say
/// what was meant instead.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class ProgramNameTransformationAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData) =>
        (inputData is PSObject wrapped ? wrapped.BaseObject : inputData) switch
        {
            ScriptBlock => throw new ArgumentTransformationMetadataException("A script block is not a program: run it with -ScriptBlock { ... }."),
            IDictionary or HeroTaskDefinition => throw new ArgumentTransformationMetadataException(
                "A task definition is not a program: pipe it in, as in @{ FilePath = 'make' } | Invoke-HeroTask."),
            _ => inputData,
        };
}
