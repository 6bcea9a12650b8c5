<#
.SYNOPSIS
Compares two builds of Hero on the run-path figures of the benchmark (2, 3a, 4), A B A B.

.DESCRIPTION
Two builds cannot be imported into one pwsh, so each round runs every figure in a fresh pwsh per
build, alternating baseline and candidate; each child warms up before it measures (pwsh needs
seconds of a loop to reach a steady state) and reports the median of its repetitions. The table gives
the median over rounds for each build and their ratio (candidate / baseline; below 1 is faster).
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
    [double] $WarmupSeconds = 6
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
$times = foreach ($i in 1..$Repeat) {
    [GC]::Collect()
    $clock.Restart()
    . $work
    $clock.Elapsed.TotalSeconds
}
$sorted = @($times | Sort-Object)
$sorted[[int][Math]::Floor($sorted.Count / 2)]
'@
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
                $key = "$figure/$build"
                if (-not $samples.ContainsKey($key)) { $samples[$key] = [System.Collections.Generic.List[double]]::new() }
                $samples[$key].Add([double]@($out)[-1])
                Write-Host ("round {0} figure {1,-3} {2,-9} {3:N1} ms" -f $round, $figure, $build, ([double]@($out)[-1] * 1000))
            }
        }
    }
}
finally {
    Remove-Item -LiteralPath $script -ErrorAction SilentlyContinue
}

foreach ($figure in $figures.Keys) {
    $base = Get-Median $samples["$figure/Baseline"]
    $cand = Get-Median $samples["$figure/Candidate"]
    [pscustomobject]@{
        Figure = $figure
        Name = $figures[$figure].Name
        BaselineMs = [Math]::Round($base * 1000, 1)
        CandidateMs = [Math]::Round($cand * 1000, 1)
        Ratio = [Math]::Round($cand / $base, 3)
    }
}
