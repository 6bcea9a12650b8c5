<#
.SYNOPSIS
Compares two builds of Hero on the run-path figures of the benchmark (2, 3a, 4), A B A B.

.DESCRIPTION
Two builds cannot be imported into one pwsh, so each round runs every figure in a fresh pwsh per
build, alternating baseline and candidate; each child warms up before it measures (pwsh needs
seconds of a loop to reach a steady state) and reports the median of its repetitions. The table gives
the median over rounds for each build and their ratio (candidate / baseline; below 1 is faster),
for the wall time and for the pwsh process's CPU time (steadier on a shared machine).
Used to check that a refactor costs nothing:

    git worktree add /tmp/baseline <old commit>; (cd /tmp/baseline; dotnet pwsh ./build.ps1 -Task Build)
    dotnet pwsh ./build.ps1 -Task Build
    dotnet pwsh ./bench/Compare-Builds.ps1 -Baseline /tmp/baseline/output/Hero/0.1.0 -Candidate ./output/Hero/0.1.0
#>
param(
    [Parameter(Mandatory)] [string] $Baseline,
    [Parameter(Mandatory)] [string] $Candidate,
    [int] $Rounds = 3,
    [int] $Repeat = 5,
    [double] $WarmupSeconds = 6,
    # Only these figures (2, 3a, 4).
    [string[]] $Only
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
. (Join-Path $PSScriptRoot 'BenchCommon.ps1')
if ($IsWindows) { throw 'The figures run /bin/true: run them on Linux or macOS.' }

$figures = [ordered]@{
    '2'  = @{ Name = '200 sequential tasks'; Script = 'foreach ($i in 1..200) { $null = Invoke-HeroTask /bin/true }' }
    '3a' = @{ Name = '200 x /bin/true at -ThrottleLimit 8'; Script = '$null = $tasks | Invoke-HeroTask -ThrottleLimit 8' }
    '4'  = @{ Name = '500 script blocks at -ThrottleLimit 8'; Script = '$null = 1..500 | Invoke-HeroTask -ScriptBlock { $_ } -ThrottleLimit 8' }
}

# One child: import the build, warm up on the figure, then time it -Repeat times; prints the median.
$child = @'
param($Manifest, $Body, $Repeat, $Warmup)
Import-Module $Manifest
$tasks = 1..200 | ForEach-Object { @{ FilePath = '/bin/true' } }
$work = [scriptblock]::Create($Body)
$clock = [Diagnostics.Stopwatch]::StartNew()
do { . $work } while ($clock.Elapsed.TotalSeconds -lt $Warmup)
# Wall time and the process's CPU time: on a machine shared with other work the wall time swings
# with the load, the CPU time much less.
$process = [Diagnostics.Process]::GetCurrentProcess()
$samples = foreach ($i in 1..$Repeat) {
    [GC]::Collect()
    $process.Refresh()
    $cpu = $process.TotalProcessorTime
    $clock.Restart()
    . $work
    $wall = $clock.Elapsed.TotalSeconds
    $process.Refresh()
    [pscustomobject]@{ Wall = $wall; Cpu = ($process.TotalProcessorTime - $cpu).TotalSeconds }
}
$middle = [int][Math]::Floor($Repeat / 2)
'{0} {1}' -f @($samples.Wall | Sort-Object)[$middle], @($samples.Cpu | Sort-Object)[$middle]
'@
if ($Only) { foreach ($key in @($figures.Keys | Where-Object { $_ -notin $Only })) { $figures.Remove($key) } }
$script = Join-Path ([IO.Path]::GetTempPath()) "hero-compare-$PID.ps1"
Set-Content -LiteralPath $script -Value $child
$pwsh = Get-PwshCommand
$builds = [ordered]@{ Baseline = (Join-Path $Baseline 'Hero.psd1'); Candidate = (Join-Path $Candidate 'Hero.psd1') }
$samples = @{}
try {
    foreach ($round in 1..$Rounds) {
        foreach ($figure in $figures.Keys) {
            foreach ($build in $builds.Keys) {
                $out = & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -File $script `
                    $builds[$build] $figures[$figure].Script $Repeat $WarmupSeconds
                if ($LASTEXITCODE -ne 0) { throw "Figure $figure failed for $build (exit code $LASTEXITCODE): $out" }
                $wall, $cpu = "$(@($out)[-1])".Split(' ') | ForEach-Object { [double]::Parse($_, [cultureinfo]::InvariantCulture) }
                foreach ($kind in 'Wall', 'Cpu') {
                    $key = "$figure/$build/$kind"
                    if (-not $samples.ContainsKey($key)) { $samples[$key] = [System.Collections.Generic.List[double]]::new() }
                    $samples[$key].Add($(if ($kind -eq 'Wall') { $wall } else { $cpu }))
                }
                Write-Host ("round {0} figure {1,-3} {2,-9} {3:N1} ms wall, {4:N1} ms CPU" -f $round, $figure, $build, ($wall * 1000), ($cpu * 1000))
            }
        }
    }
}
finally {
    Remove-Item -LiteralPath $script -ErrorAction SilentlyContinue
}

foreach ($figure in $figures.Keys) {
    $median = @{}
    foreach ($key in @($samples.Keys | Where-Object { $_ -like "$figure/*" })) { $median[$key.Substring($figure.Length + 1)] = Get-Median $samples[$key] }
    [pscustomobject]@{
        Figure = $figure
        Name = $figures[$figure].Name
        BaselineMs = [Math]::Round($median['Baseline/Wall'] * 1000, 1)
        CandidateMs = [Math]::Round($median['Candidate/Wall'] * 1000, 1)
        Ratio = [Math]::Round($median['Candidate/Wall'] / $median['Baseline/Wall'], 3)
        BaselineCpuMs = [Math]::Round($median['Baseline/Cpu'] * 1000, 1)
        CandidateCpuMs = [Math]::Round($median['Candidate/Cpu'] * 1000, 1)
        CpuRatio = [Math]::Round($median['Candidate/Cpu'] / $median['Baseline/Cpu'], 3)
    }
}
