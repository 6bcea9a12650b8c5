#Requires -Version 7.4
<#
.SYNOPSIS
Builds, tests, documents, benchmarks and packages Hero.

.DESCRIPTION
Run through the pinned PowerShell tool so a fresh machine needs only the .NET SDK:

    dotnet tool restore
    dotnet pwsh ./build.ps1 -Task Test

Build   compiles and lays out the importable module in output/Hero/<version>/.
Test    builds, runs the xunit engine tests, then Pester against output/ in a fresh
        pwsh -NoProfile -NonInteractive; prints "N passed, N failed"; exits non-zero on failure.
Demo    builds, imports the module in a fresh pwsh and runs a short narrated demo.
Docs    builds the help (docs/help/*.md -> en-US/Hero.PowerShell.dll-Help.xml).
Bench   runs bench/ against the built module and the anchors; writes docs/performance.md.
Package builds output/Hero.<version>.nupkg.
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Docs', 'Bench', 'Package', 'Clean')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Test: run only Pester files whose name matches (wildcards), e.g. -TestName Invoke-HeroTask*
    [string[]] $TestName,

    # Test: skip the xunit engine tests.
    [switch] $SkipUnitTests,

    # Bench: fewer repetitions (finishes within about three minutes).
    [switch] $Quick,

    # Bench: only these figures (e.g. 13, 14); the others are kept from the last run.
    [string[]] $Figure
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
. ([IO.Path]::Combine($PSScriptRoot, 'tools', 'BuildCommon.ps1'))

switch ($Task) {
    'Clean' {
        Remove-Item -LiteralPath (Join-Path $PSScriptRoot 'output') -Recurse -Force -ErrorAction SilentlyContinue
    }
    'Build' {
        Invoke-HeroBuild -Configuration $Configuration | Out-Null
    }
    'Docs' {
        $module = Invoke-HeroBuild -Configuration $Configuration
        Write-Host "Help built into $(Join-Path $module 'en-US')"
    }
    'Test' {
        $module = Invoke-HeroBuild -Configuration $Configuration
        # The last value is the verdict; `exit` given several values would exit 0 whatever they say.
        $exitCode = @(Invoke-HeroTests -ModulePath $module -Configuration $Configuration -TestName $TestName -SkipUnitTests:$SkipUnitTests)[-1]
        exit ([int]$exitCode)
    }
    'Demo' {
        $module = Invoke-HeroBuild -Configuration $Configuration
        Invoke-Pwsh -File (Join-Path $PSScriptRoot 'tools' 'Demo.ps1') -Arguments @('-ModulePath', $module)
        exit $LASTEXITCODE
    }
    'Bench' {
        $module = Invoke-HeroBuild -Configuration $Configuration
        $benchArgs = @('-ModulePath', $module)
        if ($Quick) { $benchArgs += '-Quick' }
        if ($Figure) { $benchArgs += '-Figure'; $benchArgs += ($Figure -join ',') }
        Invoke-Pwsh -File (Join-Path $PSScriptRoot 'bench' 'Invoke-Benchmarks.ps1') -Arguments $benchArgs
        exit $LASTEXITCODE
    }
    'Package' {
        $module = Invoke-HeroBuild -Configuration $Configuration
        New-HeroPackage -ModulePath $module
    }
}
