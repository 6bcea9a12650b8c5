<#
.SYNOPSIS
Measures Hero against the tools users would otherwise pick, side by side in one run, and writes
bench/results/latest.json and docs/performance.md.

.DESCRIPTION
Run by `dotnet pwsh ./build.ps1 -Task Bench [-Quick]` in a fresh pwsh against the built module. Every
figure is a ratio between Hero and its anchor measured in this same run on this same machine; medians
over repetitions. -Quick uses fewer repetitions and finishes within about three minutes.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [switch] $Quick,
    # Only these figures (e.g. 13, 14): the others are kept from the last bench/results/latest.json.
    [string[]] $Figure
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
# `pwsh -File` passes "13,14" as one string.
$Figure = @($Figure | ForEach-Object { $_ -split ',' } | ForEach-Object Trim | Where-Object { $_ })
$manifest = Join-Path $ModulePath 'Hero.psd1'
Import-Module $manifest
. (Join-Path $PSScriptRoot 'BenchCommon.ps1')
. (Join-Path $PSScriptRoot 'BackupBench.ps1')
. (Join-Path $PSScriptRoot 'GuardianBench.ps1')

if ($IsWindows) {
    throw 'The benchmarks compare against GNU timeout, xargs and /bin/true: run them on Linux or macOS.'
}

$repeat = if ($Quick) { 3 } else { 7 }
$work = New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "hero-bench-$PID") -Force
$figures = [System.Collections.Generic.List[object]]::new()
$pwsh = Get-PwshCommand
function Test-Figure([string[]] $Numbers) { -not $Figure -or @($Numbers | Where-Object { $_ -in $Figure }).Count -gt 0 }

try {
    if (Test-Figure '1') {
        Write-Host '1. Import time' -ForegroundColor Cyan
        $bare = Measure-Median -Repeat ($Quick ? 5 : 10) { & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -Command 'exit' }
        $import = Measure-Median -Repeat ($Quick ? 5 : 10) { & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -Command "Import-Module '$manifest'" }
        $figures.Add((New-Figure -Number 1 -Name 'Import-Module Hero, added time' -Hero $import -Anchor $bare -Unit 's' `
            -Value ($import - $bare) -ValueUnit 'ms' -ValueScale 1000 -Target 'added <= 150 ms' -Met (($import - $bare) -le 0.150) `
            -AnchorName 'pwsh -NoProfile -Command exit' -Reproduce "Time ``pwsh -NoProfile -Command 'Import-Module <module>'`` against ``pwsh -NoProfile -Command exit``, median of $($Quick ? 5 : 10)."))
    }

    if (Test-Figure '2', '2b', '2c') {
        Write-Host '2. One task at a time' -ForegroundColor Cyan
        $log = Join-Path $work 'one-task.clef'
        Set-HeroLogging -Path $log
        $null = foreach ($i in 1..20) { Invoke-HeroTask /bin/true; & /bin/true }
        # Steady state: pwsh itself takes several seconds of this loop to warm up (see the notes).
        $pair = Measure-Alternating -Repeat ($repeat + 2) -WarmupSeconds ($Quick ? 8 : 20) -First { foreach ($i in 1..200) { $null = Invoke-HeroTask /bin/true } } -Second { foreach ($i in 1..200) { & /bin/true } }
        $hero = $pair.First
        $native = $pair.Second
        $pair = Measure-Alternating -Repeat ($repeat + 2) `
            -Before { param($side) if ($side -eq 0) { Set-HeroLogging -Path $log } else { Set-HeroLogging -DisableFile } } `
            -First { foreach ($i in 1..200) { $null = Invoke-HeroTask /bin/true } } -Second { foreach ($i in 1..200) { $null = Invoke-HeroTask /bin/true } }
        $heroLogged = $pair.First
        $heroNoLog = $pair.Second
        # The host-death sentinel: figure 2 with and without it, in the same build (the switch exists for
        # this measurement only). What a task pays is a line in the sentinel's notes as it starts and one
        # as it ends.
        $registry = [Hero.HeroTaskResult].Assembly.GetType('Hero.Processes.KillGroupRegistry').GetProperty('Process').GetValue($null)
        $sentinelSwitch = $registry.GetType().GetProperty('SentinelEnabled')
        Set-HeroLogging -Path $log
        $pair = Measure-Alternating -Repeat ($repeat + 2) `
            -Before { param($side) $sentinelSwitch.SetValue($registry, $side -eq 0) } `
            -First { foreach ($i in 1..200) { $null = Invoke-HeroTask /bin/true } } -Second { foreach ($i in 1..200) { $null = Invoke-HeroTask /bin/true } }
        $sentinelSwitch.SetValue($registry, $true)
        $heroSentinel = $pair.First
        $heroNoSentinel = $pair.Second
        Set-HeroLogging -DisableFile
        $figures.Add((New-Figure -Number 2 -Name '200 sequential tasks (heartbeats and file log on)' -Hero $hero -Anchor $native `
            -AnchorName '200 x & /bin/true' -Target 'ratio <= 1.3' -Met (($hero / $native) -le 1.3) `
            -Reproduce '200 x `Invoke-HeroTask /bin/true` (defaults: 10 s heartbeats; `Set-HeroLogging -Path <file>`) against 200 x `& /bin/true`, in one session, after 20 s of untimed rounds of both (8 s with -Quick).'))
        $figures.Add((New-Figure -Number '2b' -Name 'Cost of task logging to a file' -Hero $heroLogged -Anchor $heroNoLog `
            -AnchorName 'the same tasks without a log file' -Target 'ratio <= 1.10' -Met (($heroLogged / $heroNoLog) -le 1.10) `
            -Reproduce 'Figure 2 with and without `Set-HeroLogging -Path`.'))
        $figures.Add((New-Figure -Number '2c' -Name 'Cost of the host-death sentinel' -Hero $heroSentinel -Anchor $heroNoSentinel `
            -AnchorName 'the same tasks with the sentinel switched off' -Target 'ratio <= 1.05' -Met (($heroSentinel / $heroNoSentinel) -le 1.05) `
            -Reproduce 'Figure 2 (file log on) with the sentinel on and off, alternating in one session; it is switched through the internal `KillGroupRegistry.SentinelEnabled`, which exists for this measurement.'))
    }

    if (Test-Figure '3a', '3b') {
        Write-Host '3. Process batch' -ForegroundColor Cyan
        $tasks = 1..200 | ForEach-Object { @{ FilePath = '/bin/true' } }
        $null = $tasks | Select-Object -First 16 | Invoke-HeroTask -ThrottleLimit 8
        $null = 1..16 | ForEach-Object -Parallel { & /bin/true } -ThrottleLimit 8
        $pair = Measure-Alternating -Repeat $repeat -First { $null = $tasks | Invoke-HeroTask -ThrottleLimit 8 } -Second { $null = 1..200 | ForEach-Object -Parallel { & /bin/true } -ThrottleLimit 8 }
        $heroBatch = $pair.First
        $parallel = $pair.Second
        $pair = Measure-Alternating -Repeat $repeat -First { $null = $tasks | Invoke-HeroTask -ThrottleLimit 8 } -Second { & /bin/sh -c 'seq 200 | xargs -P8 -n1 /bin/true' }
        $heroBatchAgain = $pair.First
        $xargs = $pair.Second
        $figures.Add((New-Figure -Number '3a' -Name '200 x /bin/true at -ThrottleLimit 8' -Hero $heroBatch -Anchor $parallel `
            -AnchorName 'ForEach-Object -Parallel { & /bin/true } -ThrottleLimit 8' -Target 'ratio <= 1.0' -Met (($heroBatch / $parallel) -le 1.0) `
            -Reproduce '200 hashtables `@{ FilePath = ''/bin/true'' }` piped to `Invoke-HeroTask -ThrottleLimit 8`.'))
        $figures.Add((New-Figure -Number '3b' -Name '200 x /bin/true at -ThrottleLimit 8' -Hero $heroBatchAgain -Anchor $xargs `
            -AnchorName 'seq 200 | xargs -P8 -n1 /bin/true' -Target 'ratio <= 1.25' -Met (($heroBatchAgain / $xargs) -le 1.25) `
            -Reproduce 'As 3a, against `sh -c ''seq 200 | xargs -P8 -n1 /bin/true''` started from the same session.'))
    }

    if (Test-Figure '4') {
        Write-Host '4. Script-block batch' -ForegroundColor Cyan
        $null = 1..50 | Invoke-HeroTask -ScriptBlock { $_ } -ThrottleLimit 8
        $pair = Measure-Alternating -Repeat $repeat -First { $null = 1..500 | Invoke-HeroTask -ScriptBlock { $_ } -ThrottleLimit 8 } -Second { $null = 1..500 | ForEach-Object -Parallel { $_ } -ThrottleLimit 8 }
        $heroBlocks = $pair.First
        $parallelBlocks = $pair.Second
        $figures.Add((New-Figure -Number 4 -Name '500 trivial script blocks at -ThrottleLimit 8' -Hero $heroBlocks -Anchor $parallelBlocks `
            -AnchorName 'ForEach-Object -Parallel { $_ } -ThrottleLimit 8' -Target 'ratio <= 0.33' -Met (($heroBlocks / $parallelBlocks) -le 0.33) `
            -Reproduce '`1..500 | Invoke-HeroTask -ScriptBlock { $_ } -ThrottleLimit 8` against `1..500 | ForEach-Object -Parallel { $_ } -ThrottleLimit 8`.'))
    }

    if (Test-Figure '5') {
        Write-Host '5. Killing a stubborn tree' -ForegroundColor Cyan
        $kill = Measure-Kill -Work $work -Repeat ($Quick ? 2 : 4)
        $figures.Add((New-Figure -Number 5 -Name 'Tree ignoring SIGTERM (+ setsid grandchild), 1 s deadline, 0.5 s grace' `
            -Hero $kill.HeroSeconds -Anchor $kill.TimeoutSeconds -AnchorName 'timeout -k 0.5 1' -Target 'ratio <= 1.2; Hero leaves 0' `
            -Met ((($kill.HeroSeconds / $kill.TimeoutSeconds) -le 1.2) -and $kill.HeroSurvivors -eq 0) `
            -Note "processes left alive: Hero $($kill.HeroSurvivors), timeout $($kill.TimeoutSurvivors)" `
            -Reproduce '`bench/stubborn-tree.sh` (every level traps SIGTERM; one grandchild calls setsid) under `Invoke-HeroTask -Timeout 1 -GracePeriod 0.5` and under `timeout -k 0.5 1`; time until the call returns, then count the tree''s pids still alive.'))
    }

    if (Test-Figure '6') {
        Write-Host '6. Output throughput' -ForegroundColor Cyan
        $output = Measure-Output -Quick:$Quick
        $figures.Add((New-Figure -Number 6 -Name '1 GiB of output through a task with -Quiet' -Hero $output.HeroSeconds -Anchor $output.CatSeconds `
            -AnchorName 'head -c 1G /dev/zero | cat > /dev/null' -Target 'pwsh peak growth <= 64 MB' -Met ($output.PeakGrowthBytes -le 64MB) `
            -Note ("{0:N0} MB/s against {1:N0} MB/s; pwsh peak memory grew {2:N1} MB" -f (1024 / $output.HeroSeconds), (1024 / $output.CatSeconds), ($output.PeakGrowthBytes / 1MB)) `
            -Reproduce '`Invoke-HeroTask head -ArgumentList -c, 1073741824, /dev/zero -Quiet`; peak growth is VmHWM after the task minus the resident size before it (the peak is reset through /proc/self/clear_refs).'))
    }

    if (Test-Figure '7') {
        Write-Host '7. Heartbeat cost' -ForegroundColor Cyan
        $heartbeat = Measure-HeartbeatCost
        $figures.Add((New-Figure -Number 7 -Name 'pwsh CPU during a 20 s silent task, -HeartbeatInterval 1' -Hero $heartbeat.HeroCpu -Anchor $heartbeat.SleepCpu `
            -AnchorName '& sleep 20' -Unit 's CPU' -Value ($heartbeat.HeroCpu - $heartbeat.SleepCpu) -ValueUnit 's' -ValueScale 1 -Target 'extra <= 0.2 s' `
            -Met (($heartbeat.HeroCpu - $heartbeat.SleepCpu) -le 0.2) `
            -Reproduce 'Process CPU time of the benchmarking pwsh across `Invoke-HeroTask -HeartbeatInterval 1 -- sleep 20` and across `& sleep 20`.'))
    }

    if (Test-Figure '8') {
        Write-Host '8. Logging throughput' -ForegroundColor Cyan
        $logging = Measure-Logging -Work $work -Count ($Quick ? 2000 : 5000)
        $figures.Add((New-Figure -Number 8 -Name 'Events per second to a file' -Hero $logging.HeroRate -Anchor $logging.AddContentRate -Unit 'events/s' `
            -AnchorName 'Add-Content of JSON lines' -Target 'ratio >= 5' -Met (($logging.HeroRate / $logging.AddContentRate) -ge 5) `
            -Reproduce 'One `Write-HeroLog ''event {N}'' -Properties @{ N = $i }` per event to a CLEF file, against one `Add-Content` of `ConvertTo-Json -Compress` per event.'))
    }

    if (Test-Figure '9', '10') {
        Write-Host '9, 10. Cold start' -ForegroundColor Cyan
        $cold = Measure-ColdStart -Manifest $manifest -Repeat ($Quick ? 5 : 10)
        $figures.Add((New-Figure -Number 9 -Name 'Import-Module Hero in a fresh pwsh, added time' -Hero $cold.HeroImport -Anchor $cold.ThreadJobImport `
            -AnchorName "Import-Module $($cold.ThreadJobName), added time" -Target 'ratio <= 1.0 (at most ThreadJob''s)' -Met ($cold.HeroImport -le $cold.ThreadJobImport) `
            -Note ('bare pwsh -NoProfile -Command exit: {0:N0} ms' -f ($cold.BareSeconds * 1000)) `
            -Reproduce "Fresh ``pwsh -NoProfile -Command 'Import-Module <module>'`` against the same with $($cold.ThreadJobName) (the smallest binary module shipped with pwsh), each minus a bare ``pwsh -NoProfile -Command exit`` of the same round; rounds alternate all the kinds of figures 9 and 10, median of $($Quick ? 5 : 10) after one untimed round."))
        $figures.Add((New-Figure -Number 10 -Name 'Import-Module Hero and one task in a fresh pwsh, added time' -Hero $cold.HeroTask -Anchor $cold.ThreadJobTrue `
            -AnchorName "Import-Module $($cold.ThreadJobName); & /bin/true, added time" -Target 'ratio <= 1.2' -Met (($cold.HeroTask / $cold.ThreadJobTrue) -le 1.2) `
            -Note ('showing the result as well (Invoke-HeroTask without $null =): {0:N0} ms' -f ($cold.HeroTaskShown * 1000)) `
            -Reproduce "As 9, with ``Import-Module <module>; `$null = Invoke-HeroTask -- /bin/true`` against ``Import-Module $($cold.ThreadJobName); & /bin/true``: the task's result is not shown, as ``/bin/true`` shows nothing (the note gives the figure with the result table)."))
    }

    if (Test-Figure '11') {
        Write-Host '11. Measuring against hyperfine' -ForegroundColor Cyan
        $hyperfine = Get-Command hyperfine -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
        if ($hyperfine) {
            $measure = Measure-HyperfineAnchor -Hyperfine $hyperfine.Source -Repeat $repeat
            $figures.Add((New-Figure -Number 11 -Name 'Measure-HeroTask, 100 runs of /bin/true (whole call)' -Hero $measure.HeroSeconds -Anchor $measure.HyperfineSeconds `
                -AnchorName 'hyperfine -N --runs 100 true' -Target 'ratio <= 2' -Met (($measure.HeroSeconds / $measure.HyperfineSeconds) -le 2) `
                -Note ("mean of a run: Hero {0:N3} ms, hyperfine {1:N3} ms" -f ($measure.HeroMean * 1000), ($measure.HyperfineMean * 1000)) `
                -Reproduce '`Measure-HeroTask /bin/true -Iterations 100 -Warmup 0` in the benchmarking pwsh, against `hyperfine -N --runs 100 --style none true` started from it (so the pwsh start is in neither), alternating, after one untimed round of each.'))
        }
        else {
            Write-Warning 'Figure 11 skipped: hyperfine is not installed (apt-get install hyperfine).'
        }
    }

    if (Test-Figure '12') {
        Write-Host '12. Backup throughput' -ForegroundColor Cyan
        $backup = Measure-Backup -Work $work -Repeat ($Quick ? 2 : 3)
        $figures.Add((New-Figure -Number 12 -Name 'Backup of a 200 MB tree (2,000 files), Deflate level 6' -Hero $backup.HeroSeconds -Anchor $backup.ZipSeconds `
            -AnchorName 'zip -r -q -6' -Target 'ratio <= 2 (>= 0.5 x zip throughput)' -Met (($backup.HeroSeconds / $backup.ZipSeconds) -le 2) `
            -Note ("{0:N0} MB/s against {1:N0} MB/s; archives {2:N1} MB and {3:N1} MB" -f ($backup.Bytes / 1MB / $backup.HeroSeconds), ($backup.Bytes / 1MB / $backup.ZipSeconds), ($backup.HeroZipBytes / 1MB), ($backup.AnchorZipBytes / 1MB)) `
            -Reproduce '`Backup-HeroProject -Path <tree> -Destination <folder> -CompressionLevel Optimal` (project.zip with its SHA-256 and fsync; the tree is not a git repository, so no bundle) against `zip -r -q -6` of the same tree from the same session, alternating, medians; the tree (bench/BackupBench.ps1) is a third source-like text, a third base64 and a third random bytes.'))
    }

    if (Test-Figure '13', '14') {
        Write-Host '13-14. The guardian against pm2' -ForegroundColor Cyan
        $pm2 = Install-BenchPm2 -Work $work
        if ($pm2 -and (Test-Figure '13')) {
            $restart = Measure-GuardianRestart -Work $work -Pm2 $pm2 -Rounds ($Quick ? 3 : 5)
            $figures.Add((New-Figure -Number 13 -Name 'Crash to the restarted child''s first line' -Hero $restart.HeroSeconds -Anchor $restart.Pm2Seconds `
                -AnchorName "pm2 $Pm2Version, restart_delay 0" -Target 'ratio <= 2' -Met (($restart.HeroSeconds / $restart.Pm2Seconds) -le 2) `
                -Note ("median of {0} restarts under Hero and {1} under pm2" -f $restart.HeroCount, $restart.Pm2Count) `
                -Reproduce '`Start-HeroGuardian -KeepAlive -RestartDelay 0.001 -MaxRestartDelay 0.001` and a pm2 app (`interpreter none`, `restart_delay 0`, `min_uptime 0`) of the same sh script, which stamps its start (`date +%s.%N`), prints a line, runs 0.3 s, stamps its exit and exits 1; rounds of 4 s under each, alternating, the first of each not counted; the figure is the median gap from an exit stamp to the next start stamp. pm2 is installed from npm into the scratch folder (bench/GuardianBench.ps1).'))
        }
        if ($pm2 -and (Test-Figure '14')) {
            $idle = Measure-GuardianIdle -Work $work -Pm2 $pm2 -Seconds ($Quick ? 20 : 60)
            $figures.Add((New-Figure -Number 14 -Name "Idle supervisor CPU over $($idle.Seconds) s (one sleeping child)" -Hero $idle.HeroCpuPercent -Anchor $idle.Pm2CpuPercent `
                -AnchorName "pm2 $Pm2Version God daemon" -Unit '% of a core' -Value $idle.HeroCpuPercent -ValueUnit '%' -Target 'Hero <= 1 % of a core' -Met ($idle.HeroCpuPercent -le 1) `
                -Note ("resident memory: Hero worker {0:N0} MB, pm2 daemon {1:N0} MB" -f ($idle.HeroRss / 1MB), ($idle.Pm2Rss / 1MB)) `
                -Reproduce 'A Hero guardian and a pm2 app each keep `sleep 3600` running, side by side; after 15 s of settling, the CPU time (utime + stime from /proc/<pid>/stat) of the Hero worker (its pwsh) and of the pm2 God daemon over the window, and their VmRSS at its end. The children are not counted.'))
        }
    }
}
finally {
    Set-HeroLogging -DisableFile
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}

$machine = Get-MachineDescription
Write-BenchTable -Figures $figures
$repo = Split-Path -Parent $PSScriptRoot
$json = Join-Path $PSScriptRoot 'results' 'latest.json'
if ($Figure) {
    $figures = Merge-BenchFigures -Figures $figures -JsonPath $json -Machine $machine
}
Save-BenchResults -Figures $figures -Machine $machine -Quick:$Quick `
    -JsonPath $json `
    -MarkdownPath (Join-Path $repo 'docs' 'performance.md')
