# Figures 13 and 14 of Invoke-Benchmarks.ps1: Start-HeroGuardian against pm2, the supervisor people
# reach for (and the seed's guardian ran under). pm2 is installed from the npm registry into the
# bench's scratch folder, with a PM2_HOME of its own, so nothing of the machine's own pm2 is touched.

$script:Pm2Version = '7.0.4'

# pm2 in <Work>/pm2, or $null (with a warning) when npm is missing or the install fails.
function Install-BenchPm2 {
    param([Parameter(Mandatory)] [string] $Work)
    $npm = Get-Command npm -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if (-not $npm) { Write-Warning 'Figures 13 and 14 skipped: npm is not installed.'; return $null }
    $folder = [IO.Directory]::CreateDirectory((Join-Path $Work 'pm2')).FullName
    $said = & $npm.Source install --prefix $folder --no-audit --no-fund --loglevel error "pm2@$script:Pm2Version" 2>&1
    $pm2 = Join-Path $folder 'node_modules' '.bin' 'pm2'
    if ($LASTEXITCODE -ne 0 -or -not (Test-Path -LiteralPath $pm2)) { Write-Warning "Figures 13 and 14 skipped: npm install pm2 failed: $said"; return $null }
    $env:PM2_HOME = Join-Path $folder 'home'
    $pm2
}

# The crashing child both supervisors run: it stamps its start, prints its first line, runs 0.3 s,
# stamps its exit and exits 1. The stamps are the child's own clock, so neither supervisor's way of
# capturing output is in the figure.
function New-CrashScript {
    param([Parameter(Mandatory)] [string] $Work)
    $path = Join-Path $Work 'crash.sh'
    Set-Content -LiteralPath $path -Value @'
#!/bin/sh
echo "start $(date +%s.%N)" >> "$1"
echo "up"
sleep 0.3
echo "exit $(date +%s.%N)" >> "$1"
exit 1
'@
    chmod +x $path
    $path
}

# Seconds from each exit to the next start in a stamp file.
function Get-RestartGaps {
    param([string] $Path)
    $gaps = [System.Collections.Generic.List[double]]::new()
    $exit = $null
    foreach ($line in (Get-Content -LiteralPath $Path -ErrorAction SilentlyContinue)) {
        $kind, $time = $line -split ' '
        $t = [double]::Parse($time, [Globalization.CultureInfo]::InvariantCulture)
        if ($kind -eq 'start' -and $null -ne $exit) { $gaps.Add($t - $exit) }
        if ($kind -eq 'exit') { $exit = $t }
    }
    $gaps
}

function Get-ProcessCpuSeconds {
    param([int] $Id)
    $stat = [IO.File]::ReadAllText("/proc/$Id/stat")
    $fields = $stat.Substring($stat.LastIndexOf(')') + 2).Split(' ')
    ([double]$fields[11] + [double]$fields[12]) / 100
}

function Get-ProcessRss {
    param([int] $Id)
    $line = Get-Content "/proc/$Id/status" | Where-Object { $_ -like 'VmRSS:*' }
    [long](($line -split '\s+')[1]) * 1KB
}

# Figure 13: rounds of a few seconds under each supervisor, alternating (A B A B), every restart's
# gap collected; the median gap of each side. Neither waits before a restart (pm2 restart_delay 0,
# Hero -RestartDelay 1 ms), so the figure is the supervisor's own reaction plus one spawn.
function Measure-GuardianRestart {
    param([Parameter(Mandatory)] [string] $Work, [Parameter(Mandatory)] [string] $Pm2, [int] $Rounds = 3, [double] $Seconds = 4)
    $crash = New-CrashScript -Work $Work
    $root = Join-Path $Work 'guardians'
    $hero = [System.Collections.Generic.List[double]]::new()
    $anchor = [System.Collections.Generic.List[double]]::new()
    for ($round = 0; $round -lt $Rounds; $round++) {
        $stamps = Join-Path $Work "hero-$round.txt"
        $null = Start-HeroGuardian -Name bench-crash -KeepAlive -RestartDelay 0.001 -MaxRestartDelay 0.001 -MaxRestarts 100000 -RestartWindow 1m -StateDirectory $root -- $crash $stamps
        Start-Sleep -Seconds $Seconds
        Stop-HeroGuardian -Name bench-crash -StateDirectory $root
        Remove-HeroGuardian -Name bench-crash -StateDirectory $root -Confirm:$false
        if ($round -gt 0) { (Get-RestartGaps $stamps) | ForEach-Object { $hero.Add($_) } }

        $stamps = Join-Path $Work "pm2-$round.txt"
        $config = Join-Path $Work 'crash.pm2.json'
        @{ apps = @(@{ name = 'bench-crash'; script = $crash; args = @($stamps); interpreter = 'none'; autorestart = $true; max_restarts = 100000; min_uptime = 0; restart_delay = 0 }) } |
            ConvertTo-Json -Depth 4 | Set-Content -LiteralPath $config
        $null = & $Pm2 start $config 2>&1
        Start-Sleep -Seconds $Seconds
        $null = & $Pm2 delete bench-crash 2>&1
        # The first round of each warms up (the pm2 daemon starts, the JIT compiles); it is not counted.
        if ($round -gt 0) { (Get-RestartGaps $stamps) | ForEach-Object { $anchor.Add($_) } }
    }
    [pscustomobject]@{ HeroSeconds = Get-Median $hero; Pm2Seconds = Get-Median $anchor; HeroCount = $hero.Count; Pm2Count = $anchor.Count }
}

# Figure 14: both supervisors keep an idle `sleep` running at the same time; the supervisor process's
# own CPU time over the window (Hero: the worker's pwsh; pm2: its God daemon) and its resident memory
# at the end. The child is not counted on either side.
function Measure-GuardianIdle {
    param([Parameter(Mandatory)] [string] $Work, [Parameter(Mandatory)] [string] $Pm2, [double] $Seconds = 60)
    $root = Join-Path $Work 'guardians'
    $guardian = Start-HeroGuardian -Name bench-idle -KeepAlive -StateDirectory $root -- sleep 3600
    $null = & $Pm2 start sleep --name bench-idle --interpreter none -- 3600 2>&1
    try {
        $daemon = [int](Get-Content -LiteralPath (Join-Path $env:PM2_HOME 'pm2.pid'))
        # Past the start: both runtimes compile and settle for a while after it.
        Start-Sleep -Seconds 15
        $heroStart = Get-ProcessCpuSeconds $guardian.WorkerPid
        $pm2Start = Get-ProcessCpuSeconds $daemon
        Start-Sleep -Seconds $Seconds
        [pscustomobject]@{
            HeroCpuPercent = 100 * ((Get-ProcessCpuSeconds $guardian.WorkerPid) - $heroStart) / $Seconds
            Pm2CpuPercent = 100 * ((Get-ProcessCpuSeconds $daemon) - $pm2Start) / $Seconds
            HeroRss = Get-ProcessRss $guardian.WorkerPid
            Pm2Rss = Get-ProcessRss $daemon
            Seconds = $Seconds
        }
    }
    finally {
        Stop-HeroGuardian -Name bench-idle -StateDirectory $root
        Remove-HeroGuardian -Name bench-idle -StateDirectory $root -Confirm:$false
        $null = & $Pm2 kill 2>&1
    }
}
