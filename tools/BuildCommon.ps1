# Functions behind build.ps1. Dot-sourced; everything here runs in the build's own pwsh, and anything
# that loads Hero runs in a fresh child pwsh so the build never holds the module's assemblies.

$script:RepoRoot = Split-Path -Parent $PSScriptRoot
$script:OutputRoot = Join-Path $script:RepoRoot 'output'

function Get-HeroVersion {
    $props = [xml](Get-Content -LiteralPath (Join-Path $script:RepoRoot 'Directory.Build.props') -Raw)
    $version = @($props.Project.PropertyGroup | ForEach-Object { $_.HeroVersion } | Where-Object { $_ })[0]
    if (-not $version) { throw 'HeroVersion is missing from Directory.Build.props.' }
    [string]$version
}

. (Join-Path $PSScriptRoot 'Shared.ps1')

function Invoke-Pwsh {
    param(
        [Parameter(Mandatory)] [string] $File,
        [string[]] $Arguments = @()
    )
    $pwsh = Get-PwshCommand
    $exe = $pwsh[0]
    $prefix = @($pwsh | Select-Object -Skip 1)
    & $exe @prefix -NoProfile -NonInteractive -ExecutionPolicy Bypass -File $File @Arguments | Out-Host
}

function Invoke-Native {
    param([Parameter(Mandatory)] [string] $FilePath, [string[]] $ArgumentList = @())
    & $FilePath @ArgumentList | Out-Host
    if ($LASTEXITCODE -ne 0) {
        throw "'$FilePath $($ArgumentList -join ' ')' failed with exit code $LASTEXITCODE."
    }
}

function Invoke-HeroBuild {
    param([string] $Configuration = 'Release')

    $version = Get-HeroVersion
    Write-Host "==> Building Hero $version ($Configuration)" -ForegroundColor Cyan
    foreach ($project in 'Hero.Loader', 'Hero.PowerShell') {
        Invoke-Native dotnet @('build', (Join-Path $script:RepoRoot 'src' $project), '-c', $Configuration, '--nologo', '-v:q', '-clp:NoSummary')
    }

    $moduleRoot = Join-Path $script:OutputRoot 'Hero'
    $modulePath = Join-Path $moduleRoot $version
    if (Test-Path -LiteralPath $moduleRoot) { Remove-Item -LiteralPath $moduleRoot -Recurse -Force }
    New-Item -ItemType Directory -Path $modulePath -Force | Out-Null

    foreach ($framework in 'net8.0', 'net472') {
        $bin = New-Item -ItemType Directory -Path (Join-Path $modulePath 'bin' $framework) -Force
        $cmdletOutput = Join-Path $script:RepoRoot 'src' 'Hero.PowerShell' 'bin' $Configuration $framework
        $loaderOutput = Join-Path $script:RepoRoot 'src' 'Hero.Loader' 'bin' $Configuration $framework
        Get-ChildItem -LiteralPath $cmdletOutput -File |
            Where-Object { $_.Extension -in '.dll', '.pdb' -and $_.Name -notlike 'System.Management.Automation*' } |
            Copy-Item -Destination $bin.FullName
        Copy-Item -LiteralPath (Join-Path $loaderOutput 'Hero.Loader.dll') -Destination $bin.FullName
    }

    # The engine precompiled for the platform that builds it (Package adds the others).
    Add-HeroReadyToRun -ModulePath $modulePath -Configuration $Configuration -RuntimeIdentifier (Get-HeroReadyToRunIds -Current)

    $moduleSource = Join-Path $script:RepoRoot 'module'
    Get-ChildItem -LiteralPath $moduleSource -File | Copy-Item -Destination $modulePath
    $manifest = Join-Path $modulePath 'Hero.psd1'
    (Get-Content -LiteralPath $manifest -Raw) -replace "ModuleVersion = '[^']*'", "ModuleVersion = '$version'" |
        Set-Content -LiteralPath $manifest -NoNewline

    Build-HeroHelp -ModulePath $modulePath
    Write-Host "==> Module ready: $modulePath" -ForegroundColor Cyan
    $modulePath
}

# ReadyToRun images of the engine ship for the platforms of hosted CI runners, where a fresh pwsh per
# step is the rule; an image is about 1.6 MB, so the others load the IL build. See
# bench/performance.notes.md, figure 10.
$script:ReadyToRunIds = @('linux-x64', 'osx-arm64', 'win-x64')

function Get-HeroReadyToRunIds {
    param([switch] $Current)
    if (-not $Current) { return $script:ReadyToRunIds }
    $script:ReadyToRunIds | Where-Object { $_ -eq [System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier }
}

# bin/net8.0/r2r/<rid>/Hero.Engine.dll: the shipped net8.0 IL of the engine, precompiled for .NET 10
# (PowerShell 7.6) on that platform by tools/ReadyToRun.
function Add-HeroReadyToRun {
    param([Parameter(Mandatory)] [string] $ModulePath, [string] $Configuration = 'Release', [string[]] $RuntimeIdentifier)
    $engine = Join-Path $ModulePath 'bin' 'net8.0' 'Hero.Engine.dll'
    foreach ($rid in $RuntimeIdentifier) {
        $staging = Join-Path $script:OutputRoot 'r2r' $rid
        if (Test-Path -LiteralPath $staging) { Remove-Item -LiteralPath $staging -Recurse -Force }
        Invoke-Native dotnet @('publish', (Join-Path $script:RepoRoot 'tools' 'ReadyToRun'), '-c', $Configuration, '-r', $rid,
            "-p:EnginePath=$engine", '-o', $staging, '--nologo', '-v:q', '-clp:NoSummary')
        $target = New-Item -ItemType Directory -Path (Join-Path $ModulePath 'bin' 'net8.0' 'r2r' $rid) -Force
        # No pdb beside it: Hero shows messages, not stack traces, and the IL build's pdb serves a debugger.
        Copy-Item -LiteralPath (Join-Path $staging 'Hero.Engine.dll') -Destination $target.FullName
    }
}

function Build-HeroHelp {
    param([Parameter(Mandatory)] [string] $ModulePath)
    $converter = Join-Path $script:RepoRoot 'tools' 'HelpBuilder.ps1'
    if (-not (Test-Path -LiteralPath $converter)) { return }
    Invoke-Pwsh -File $converter -Arguments @(
        '-ModulePath', $ModulePath,
        '-DocsPath', (Join-Path $script:RepoRoot 'docs' 'help'),
        '-OutputPath', (Join-Path $ModulePath 'en-US'))
    if ($LASTEXITCODE -ne 0) { throw "The help build failed (exit code $LASTEXITCODE)." }
}

function Restore-TestDependencies {
    Invoke-Native dotnet @('restore', (Join-Path $script:RepoRoot 'tools' 'TestDependencies.csproj'), '--nologo', '-v:q')
    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget' 'packages' }
    [pscustomobject]@{
        Pester = Join-Path $packages 'pester' '5.7.1' 'tools' 'Pester.psd1'
        OldSerilog = Join-Path $packages 'serilog' '2.10.0' 'lib' 'netstandard2.0' 'Serilog.dll'
        OldPolly = Join-Path $packages 'polly' '7.2.4' 'lib' 'netstandard2.0' 'Polly.dll'
    }
}

# The Pester suite's child process (tests/Fixtures/HeroTestKit), built next to the module so every
# platform runs the same fixtures. Native AOT starts in about 5 ms where the JIT build takes 30 to
# 80 ms, and the suite starts it hundreds of times; without a native toolchain the JIT build serves.
function Build-HeroTestKit {
    param([string] $Configuration = 'Release')
    $project = Join-Path $script:RepoRoot 'tests' 'Fixtures' 'HeroTestKit'
    $output = Join-Path $script:OutputRoot 'HeroTestKit'
    if (Test-Path -LiteralPath $output) { Remove-Item -LiteralPath $output -Recurse -Force }
    $native = @('publish', $project, '-c', $Configuration, '--use-current-runtime', '-p:PublishAot=true', '-o', $output, '--nologo', '-v:q', '-clp:NoSummary')
    # The AOT linker defaults to clang; gcc links it as well, and is what a plain Debian machine has.
    if ($IsLinux -and -not (Get-Command clang -ErrorAction SilentlyContinue)) { $native += '-p:CppCompilerAndLinker=gcc' }
    & dotnet @native | Out-Host
    if ($LASTEXITCODE -ne 0) {
        Write-Host 'HeroTestKit: no native AOT build here (see above); the tests use the JIT build, which starts slower.' -ForegroundColor Yellow
        if (Test-Path -LiteralPath $output) { Remove-Item -LiteralPath $output -Recurse -Force }
        Invoke-Native dotnet @('build', $project, '-c', $Configuration, '-o', $output, '--nologo', '-v:q', '-clp:NoSummary')
    }
    Join-Path $output ($IsWindows ? 'HeroTestKit.exe' : 'HeroTestKit')
}

function Invoke-HeroTests {
    param(
        [Parameter(Mandatory)] [string] $ModulePath,
        [string] $Configuration = 'Release',
        [string[]] $TestName,
        [switch] $SkipUnitTests
    )

    $resultsDir = New-Item -ItemType Directory -Path (Join-Path $script:OutputRoot 'TestResults') -Force
    Get-ChildItem -LiteralPath $resultsDir.FullName -File | Remove-Item -Force
    $deps = Restore-TestDependencies
    $testKit = Build-HeroTestKit -Configuration $Configuration
    $passed = 0
    $failed = 0

    if (-not $SkipUnitTests) {
        # Every xunit project: the engine's, and the cmdlet layer's pure parts.
        foreach ($project in Get-ChildItem -Path (Join-Path $script:RepoRoot 'tests' '*' '*.Tests.csproj') | Sort-Object Name) {
            Write-Host "==> xunit: tests/$($project.Directory.Name)" -ForegroundColor Cyan
            $trx = Join-Path $resultsDir.FullName "$($project.BaseName).trx"
            # To the host: anything left in this function's output would become part of its exit code.
            & dotnet test $project.FullName -c $Configuration --nologo `
                --logger "trx;LogFileName=$trx" --logger 'console;verbosity=minimal' | Out-Host
            $xunitExit = $LASTEXITCODE
            $before = $failed
            if (Test-Path -LiteralPath $trx) {
                $counters = ([xml](Get-Content -LiteralPath $trx -Raw)).TestRun.ResultSummary.Counters
                $passed += [int]$counters.passed
                $failed += [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
            }
            if ($xunitExit -ne 0 -and $failed -eq $before) { $failed += 1 }
        }
    }

    Write-Host '==> Pester: tests/Pester (fresh pwsh against output/)' -ForegroundColor Cyan
    $pesterJson = Join-Path $resultsDir.FullName 'pester-summary.json'
    $pesterArgs = @(
        '-ModulePath', $ModulePath,
        '-PesterPath', $deps.Pester,
        '-TestsPath', ((@(Join-Path $script:RepoRoot 'tests' 'Pester') + @(if ($IsWindows) { Join-Path $script:RepoRoot 'tests' 'Windows' })) -join ','),
        '-SummaryPath', $pesterJson,
        '-ResultPath', (Join-Path $resultsDir.FullName 'pester.xml'),
        '-OldSerilogPath', $deps.OldSerilog,
        '-OldPollyPath', $deps.OldPolly,
        '-TestKitPath', $testKit)
    if ($TestName) { $pesterArgs += @('-TestName', ($TestName -join ',')) }
    Invoke-Pwsh -File (Join-Path $script:RepoRoot 'tools' 'RunPester.ps1') -Arguments $pesterArgs
    $pesterExit = $LASTEXITCODE
    if (Test-Path -LiteralPath $pesterJson) {
        $summary = Get-Content -LiteralPath $pesterJson -Raw | ConvertFrom-Json
        $passed += [int]$summary.Passed
        $failed += [int]$summary.Failed
    }
    else {
        Write-Host "Pester did not report a summary (exit code $pesterExit)." -ForegroundColor Red
        $failed += 1
    }

    Write-Host ''
    Write-Host "$passed passed, $failed failed"
    if ($failed -gt 0) { 1 } else { 0 }
}

function New-HeroPackage {
    param([Parameter(Mandatory)] [string] $ModulePath)
    $others = Get-HeroReadyToRunIds | Where-Object { $_ -notin @(Get-HeroReadyToRunIds -Current) }
    Add-HeroReadyToRun -ModulePath $ModulePath -RuntimeIdentifier $others
    $repo = New-Item -ItemType Directory -Path (Join-Path $script:OutputRoot 'repo') -Force
    $name = 'HeroLocalBuild'
    if (Get-PSResourceRepository -Name $name -ErrorAction SilentlyContinue) {
        Unregister-PSResourceRepository -Name $name
    }
    Register-PSResourceRepository -Name $name -Uri $repo.FullName -Trusted
    try {
        Publish-PSResource -Path $ModulePath -Repository $name -SkipDependenciesCheck
    }
    finally {
        Unregister-PSResourceRepository -Name $name
    }
    Get-ChildItem -LiteralPath $repo.FullName -Filter 'Hero.*.nupkg' | Copy-Item -Destination $script:OutputRoot -PassThru |
        ForEach-Object { Write-Host "==> Package: $($_.FullName)" -ForegroundColor Cyan }
}
