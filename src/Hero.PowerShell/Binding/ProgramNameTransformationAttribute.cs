using System;
using System.Management.Automation;

namespace Hero.PowerShell.Binding;

/// <summary>A program or script path is text. A script block given where one is expected
/// (`Invoke-HeroTask { Get-Date }`) would be run as the program ' Get-Date ': say to use -ScriptBlock.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class ProgramNameTransformationAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData) =>
        inputData is ScriptBlock || (inputData is PSObject { BaseObject: ScriptBlock })
            ? throw new ArgumentTransformationMetadataException("A script block is not a program: run it with -ScriptBlock { ... }.")
            : inputData;
}
