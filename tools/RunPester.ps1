# Runs the Pester suite in this (fresh) pwsh against the built module and writes a small JSON
# summary for build.ps1 to add to the xunit counts.
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $TestsPath,
    [Parameter(Mandatory)] [string] $SummaryPath,
    [string] $ResultPath,
    [string] $OldSerilogPath,
    [string] $OldPollyPath,
    [string] $TestKitPath,
    [string] $TestName
)

$ErrorActionPreference = 'Stop'
Import-Module -Name $PesterPath -Force

# The tests import Hero from here; nothing else on the machine is consulted.
$env:HERO_TEST_MODULE = $ModulePath
$env:HERO_TEST_OLD_SERILOG = $OldSerilogPath
$env:HERO_TEST_OLD_POLLY = $OldPollyPath
$env:HERO_TEST_KIT = $TestKitPath

# Several folders may be given, separated by commas.
$files = @($TestsPath -split ',' | ForEach-Object { Get-ChildItem -LiteralPath $_ -Filter '*.Tests.ps1' -File } | Sort-Object Name)
if ($TestName) {
    $patterns = $TestName -split ','
    $files = $files | Where-Object { $name = $_.Name; $patterns | Where-Object { $name -like $_ -or $name -like "$_.Tests.ps1" } }
}

$config = New-PesterConfiguration
$config.Run.Path = @($files.FullName)
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Detailed'

$result = Invoke-Pester -Configuration $config
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
@{
    Passed = $result.PassedCount
    Failed = $failed
    Skipped = $result.SkippedCount
    Duration = $result.Duration.TotalSeconds
} | ConvertTo-Json | Set-Content -LiteralPath $SummaryPath

# The JUnit file is written after the summary, on its own: Pester's writer throws on a control
# character (an ANSI colour in a failure message), and that must not cost the run its counts.
if ($ResultPath) {
    try {
        $result | Export-JUnitReport -Path $ResultPath
    }
    catch {
        Write-Warning "The JUnit report of the Pester run could not be written: $($_.Exception.Message)"
    }
}
exit ([int]($failed -gt 0))
