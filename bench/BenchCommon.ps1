. (Join-Path $PSScriptRoot '..' 'tools' 'Shared.ps1')

# Measurement helpers for Invoke-Benchmarks.ps1.

# Median wall time in seconds of a script block over -Repeat runs.
function Measure-Median {
    param([int] $Repeat, [scriptblock] $Script)
    $times = foreach ($i in 1..$Repeat) {
        [GC]::Collect()
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $null = & $Script
        $clock.Elapsed.TotalSeconds
    }
    Get-Median $times
}

# Runs the two measurements alternately (A B A B ...) so that a slow moment of a busy machine hits
# both sides alike; returns the median of each, in seconds. Warm-up rounds come first and are not
# counted: at least one, and more until -WarmupSeconds have passed. Until the JIT has recompiled
# PowerShell's and Hero's hot paths (in the background, on the same two cores) both sides run up to
# 50 % slower, and not by the same amount.
function Measure-Alternating {
    param([int] $Repeat, [scriptblock] $First, [scriptblock] $Second, [scriptblock] $Before, [double] $WarmupSeconds = 0)
    $a = [System.Collections.Generic.List[double]]::new()
    $b = [System.Collections.Generic.List[double]]::new()
    $warmup = [Diagnostics.Stopwatch]::StartNew()
    $i = 0
    while ($a.Count -lt $Repeat) {
        $i++
        $warming = $i -eq 1 -or $warmup.Elapsed.TotalSeconds -lt $WarmupSeconds
        foreach ($side in 0, 1) {
            [GC]::Collect()
            if ($Before) { & $Before $side }
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $null = if ($side -eq 0) { & $First } else { & $Second }
            $elapsed = $clock.Elapsed.TotalSeconds
            if ($warming) { continue }
            if ($side -eq 0) { $a.Add($elapsed) } else { $b.Add($elapsed) }
        }
    }
    [pscustomobject]@{ First = Get-Median $a; Second = Get-Median $b }
}

function Get-Median {
    param([double[]] $Values)
    $sorted = @($Values | Sort-Object)
    $middle = [int][Math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2) { $sorted[$middle] } else { ($sorted[$middle - 1] + $sorted[$middle]) / 2 }
}

function New-Figure {
    param(
        $Number, [string] $Name, [double] $Hero, [double] $Anchor, [string] $AnchorName, [string] $Target, [bool] $Met,
        [string] $Unit = 's', [Nullable[double]] $Value, [string] $ValueUnit, [double] $ValueScale = 1, [string] $Note,
        [string] $Reproduce
    )
    [pscustomobject]@{
        Figure = "$Number"
        Name = $Name
        Hero = $Hero
        Anchor = $Anchor
        AnchorName = $AnchorName
        Unit = $Unit
        Ratio = if ($Anchor -ne 0) { $Hero / $Anchor } else { $null }
        Value = if ($null -ne $Value) { $Value * $ValueScale } else { $null }
        ValueUnit = $ValueUnit
        Target = $Target
        Met = $Met
        Note = $Note
        Reproduce = $Reproduce
    }
}

# Figure 5: the same stubborn tree under Hero and under GNU timeout; survivors are killed afterwards.
function Measure-Kill {
    param([string] $Work, [int] $Repeat)
    $tree = Join-Path $PSScriptRoot 'stubborn-tree.sh'
    $timeoutCommand = Get-Command timeout -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if (-not $timeoutCommand) { throw 'GNU timeout is needed for figure 5.' }
    $hero = @(); $anchor = @(); $heroLeft = 0; $anchorLeft = 0
    foreach ($run in 1..$Repeat) {
        $pids = Join-Path $Work "hero-$run.pids"
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $null = Invoke-HeroTask -Timeout 1 -GracePeriod 0.5 -Quiet -ErrorAction SilentlyContinue -- sh $tree $pids
        $hero += $clock.Elapsed.TotalSeconds
        $heroLeft += @(Get-Content $pids | Where-Object { Test-ProcessAlive ([int]$_) }).Count

        $pids = Join-Path $Work "timeout-$run.pids"
        $clock.Restart()
        # Through sh with its output to /dev/null: pwsh would otherwise wait for every process that
        # inherited the output, survivors included.
        & /bin/sh -c "'$($timeoutCommand.Source)' -k 0.5 1 sh '$tree' '$pids' >/dev/null 2>&1"
        $anchor += $clock.Elapsed.TotalSeconds
        Start-Sleep -Milliseconds 200
        $alive = @(Get-Content $pids | Where-Object { Test-ProcessAlive ([int]$_) })
        $anchorLeft += $alive.Count
        foreach ($id in $alive) { kill -KILL $id 2>$null }
    }
    [pscustomobject]@{
        HeroSeconds = Get-Median $hero
        TimeoutSeconds = Get-Median $anchor
        HeroSurvivors = [Math]::Round($heroLeft / $Repeat, 1)
        TimeoutSurvivors = [Math]::Round($anchorLeft / $Repeat, 1)
    }
}

# Figure 6: 1 GiB through a task, against cat into /dev/null; peak memory growth of this pwsh.
function Measure-Output {
    param([switch] $Quick)
    $bytes = 1GB
    $cat = Measure-Median -Repeat ($Quick ? 1 : 3) { & /bin/sh -c "head -c $bytes /dev/zero | cat > /dev/null" }
    [GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()
    $before = Get-OwnMemory -Field VmRSS
    if ($IsLinux) { Set-Content -LiteralPath /proc/self/clear_refs -Value 5 -ErrorAction SilentlyContinue }
    $hero = Measure-Median -Repeat ($Quick ? 1 : 3) { $null = Invoke-HeroTask head -ArgumentList "-c", $bytes, "/dev/zero" -Quiet -Timeout 600 }
    $peak = Get-OwnMemory -Field VmHWM
    [pscustomobject]@{ HeroSeconds = $hero; CatSeconds = $cat; PeakGrowthBytes = [Math]::Max(0, $peak - $before) }
}

function Get-OwnMemory {
    param([string] $Field)
    if (-not $IsLinux) { return (Get-Process -Id $PID).PeakWorkingSet64 }
    $line = Get-Content "/proc/$PID/status" | Where-Object { $_ -like "${Field}:*" }
    [long](($line -split '\s+')[1]) * 1KB
}

# Figure 7: CPU time this pwsh spends while a silent task runs with heartbeats every second.
function Measure-HeartbeatCost {
    $self = [Diagnostics.Process]::GetCurrentProcess()
    $self.Refresh(); $start = $self.TotalProcessorTime
    & sleep 20
    $self.Refresh(); $sleepCpu = ($self.TotalProcessorTime - $start).TotalSeconds
    $self.Refresh(); $start = $self.TotalProcessorTime
    $null = Invoke-HeroTask -HeartbeatInterval 1 -Quiet -- sleep 20 6>$null
    $self.Refresh(); $heroCpu = ($self.TotalProcessorTime - $start).TotalSeconds
    [pscustomobject]@{ HeroCpu = $heroCpu; SleepCpu = $sleepCpu }
}

# Figure 8: events per second, one call per event.
function Measure-Logging {
    param([string] $Work, [int] $Count)
    $clef = Join-Path $Work 'rate.clef'
    $json = Join-Path $Work 'rate.jsonl'
    Set-HeroLogging -Path $clef
    $clock = [Diagnostics.Stopwatch]::StartNew()
    foreach ($i in 1..$Count) { Write-HeroLog 'event {N}' -Properties @{ N = $i } }
    $heroSeconds = $clock.Elapsed.TotalSeconds
    Set-HeroLogging -DisableFile
    $clock.Restart()
    foreach ($i in 1..$Count) { Add-Content -LiteralPath $json -Value (ConvertTo-Json -Compress -InputObject @{ '@t' = [DateTime]::UtcNow.ToString('o'); '@mt' = 'event {N}'; N = $i }) }
    $addSeconds = $clock.Elapsed.TotalSeconds
    if (@(Get-Content -LiteralPath $clef).Count -ne $Count) { throw "The CLEF file does not hold $Count events." }
    [pscustomobject]@{ HeroRate = $Count / $heroSeconds; AddContentRate = $Count / $addSeconds }
}

# Figure 11: the whole Measure-HeroTask call for 100 runs of /bin/true against hyperfine doing the
# same, alternating; also each side's own mean of a run, read from its result.
function Measure-HyperfineAnchor {
    param([string] $Hyperfine, [int] $Repeat)
    $json = Join-Path ([IO.Path]::GetTempPath()) "hero-bench-hyperfine-$PID.json"
    $script:heroMean = [Collections.Generic.List[double]]::new()
    $script:anchorMean = [Collections.Generic.List[double]]::new()
    try {
        $pair = Measure-Alternating -Repeat $Repeat `
            -First { $m = Measure-HeroTask -Iterations 100 -Warmup 0 -Quiet -WarningAction SilentlyContinue -- /bin/true; $script:heroMean.Add($m.Mean.TotalSeconds) } `
            -Second { & $Hyperfine -N --runs 100 --style none --export-json $json true 2>$null | Out-Null; $script:anchorMean.Add((Get-Content -LiteralPath $json -Raw | ConvertFrom-Json).results[0].mean) }
    }
    finally {
        Remove-Item -LiteralPath $json -ErrorAction SilentlyContinue
    }
    [pscustomobject]@{
        HeroSeconds = $pair.First
        HyperfineSeconds = $pair.Second
        HeroMean = Get-Median $script:heroMean
        HyperfineMean = Get-Median $script:anchorMean
    }
}

# Figures 9 and 10: every sample is a fresh pwsh, one of each kind per round in the same order
# (A B A B ...), after one untimed round that fills the file cache. A sample's added time is its
# wall time minus that of the bare pwsh of the same round, so a slow moment of the machine hits
# both; each figure is the median over the rounds.
function Measure-ColdStart {
    param([Parameter(Mandatory)] [string] $Manifest, [int] $Repeat)
    $pwsh = Get-PwshCommand
    $exe = $pwsh[0]
    $prefix = @($pwsh | Select-Object -Skip 1)
    # ThreadJob: the smallest binary module that ships with pwsh (Microsoft.PowerShell.ThreadJob since 7.6).
    $threadJob = Get-Module -ListAvailable -Name Microsoft.PowerShell.ThreadJob, ThreadJob |
        Sort-Object Version -Descending | Select-Object -First 1
    if (-not $threadJob) { throw 'Figures 9 and 10 need the ThreadJob module that ships with pwsh.' }
    $commands = [ordered]@{
        Bare = 'exit'
        ThreadJob = "Import-Module '$($threadJob.Path)'"
        Hero = "Import-Module '$Manifest'"
        ThreadJobTrue = "Import-Module '$($threadJob.Path)'; & /bin/true"
        HeroTask = "Import-Module '$Manifest'; `$null = Invoke-HeroTask -- /bin/true"
        HeroTaskShown = "Import-Module '$Manifest'; Invoke-HeroTask -- /bin/true"
    }
    $samples = @{}
    foreach ($name in $commands.Keys) { $samples[$name] = [System.Collections.Generic.List[double]]::new() }
    foreach ($round in 0..$Repeat) {
        foreach ($name in $commands.Keys) {
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $null = & $exe @prefix -NoProfile -Command $commands[$name]
            $elapsed = $clock.Elapsed.TotalSeconds
            if ($LASTEXITCODE -ne 0) { throw "pwsh -Command `"$($commands[$name])`" exited with $LASTEXITCODE." }
            if ($round -gt 0) { $samples[$name].Add($elapsed) }
        }
    }
    $added = @{}
    foreach ($name in $commands.Keys) {
        $added[$name] = Get-Median @(foreach ($i in 0..($Repeat - 1)) { $samples[$name][$i] - $samples['Bare'][$i] })
    }
    [pscustomobject]@{
        BareSeconds = Get-Median $samples['Bare']
        ThreadJobName = $threadJob.Name
        HeroImport = $added['Hero']
        ThreadJobImport = $added['ThreadJob']
        HeroTask = $added['HeroTask']
        HeroTaskShown = $added['HeroTaskShown']
        ThreadJobTrue = $added['ThreadJobTrue']
    }
}

function Get-MachineDescription {
    $memory = if ($IsLinux) { [long]((Get-Content /proc/meminfo | Where-Object { $_ -like 'MemTotal:*' }) -split '\s+')[1] * 1KB } else { $null }
    $cpu = if ($IsLinux) { ((Get-Content /proc/cpuinfo | Where-Object { $_ -like 'model name*' } | Select-Object -First 1) -split ':\s*', 2)[1] } else { $null }
    [ordered]@{
        Date = [DateTime]::UtcNow.ToString('yyyy-MM-ddTHH:mm:ssZ')
        Cores = [Environment]::ProcessorCount
        MemoryGiB = if ($memory) { [Math]::Round($memory / 1GB, 1) } else { $null }
        Cpu = $cpu
        OS = [Runtime.InteropServices.RuntimeInformation]::OSDescription
        PowerShell = $PSVersionTable.PSVersion.ToString()
        DotNet = [Runtime.InteropServices.RuntimeInformation]::FrameworkDescription
        Hero = (Get-Module Hero).Version.ToString()
    }
}

function Format-Number {
    param([double] $Value, [string] $Unit)
    switch ($Unit) {
        's' { if ($Value -lt 1) { '{0:N1} ms' -f ($Value * 1000) } else { '{0:N2} s' -f $Value } }
        'events/s' { '{0:N0}/s' -f $Value }
        default { '{0:N3} {1}' -f $Value, $Unit }
    }
}

# The ratio column: the figure's own value when it has one, else Hero / anchor.
function Format-Ratio($Figure) {
    if ($null -ne $Figure.Value) { '{0:N1} {1}' -f $Figure.Value, $Figure.ValueUnit } else { '{0:N2}' -f $Figure.Ratio }
}

function Write-BenchTable {
    param($Figures)
    $line = '{0,-4} {1,-52} {2,12} {3,12} {4,12}  {5,-30} {6}'
    Write-Host ($line -f 'Fig', 'What', 'Hero', 'Anchor', 'Ratio', 'Target', 'Met')
    foreach ($f in $Figures) {
        $ratio = Format-Ratio $f
        $name = if ($f.Name.Length -gt 52) { $f.Name.Substring(0, 49) + '...' } else { $f.Name }
        Write-Host ($line -f $f.Figure, $name, (Format-Number $f.Hero $f.Unit), (Format-Number $f.Anchor $f.Unit), $ratio, $f.Target, $(if ($f.Met) { 'yes' } else { 'NO' }))
        if ($f.Note) { Write-Host "     $($f.Note)" -ForegroundColor DarkGray }
    }
}

# A run of some figures (-Figure) keeps the other figures of the last run, in figure order, and says so.
function Merge-BenchFigures {
    param($Figures, [string] $JsonPath, $Machine)
    $previous = if (Test-Path -LiteralPath $JsonPath) { Get-Content -LiteralPath $JsonPath -Raw | ConvertFrom-Json } else { $null }
    $fresh = @($Figures | ForEach-Object { "$($_.Figure)" })
    $kept = if ($previous) { @($previous.figures | Where-Object { "$($_.Figure)" -notin $fresh }) } else { @() }
    # ConvertFrom-Json turns the date back into a DateTime; write it as it was written.
    $before = $previous.machine.Date
    if ($before -is [datetime]) { $before = $before.ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ') }
    if ($previous) { $Machine['Figures measured later'] = "$($fresh -join ', ') on $($Machine.Date); the others on $before" }
    @($kept) + @($Figures) | Sort-Object { [int]("$($_.Figure)" -replace '\D.*$', '') }, { "$($_.Figure)" }
}

function Save-BenchResults {
    param($Figures, $Machine, [switch] $Quick, [string] $JsonPath, [string] $MarkdownPath)
    New-Item -ItemType Directory -Path (Split-Path $JsonPath) -Force | Out-Null
    [ordered]@{ machine = $Machine; quick = [bool]$Quick; figures = $Figures } | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $JsonPath
    $rows = foreach ($f in $Figures) {
        $ratio = Format-Ratio $f
        $note = if ($f.Note) { " ($($f.Note))" } else { '' }
        $cells = @($f.Figure, $f.Name, (Format-Number $f.Hero $f.Unit), "$(Format-Number $f.Anchor $f.Unit) ($($f.AnchorName))", $ratio, $f.Target, "$(if ($f.Met) { 'yes' } else { '**no**' })$note") |
            ForEach-Object { "$_".Replace('|', '\|') }
        '| ' + ($cells -join ' | ') + ' |'
    }
    $howTo = foreach ($f in $Figures) { "- **$($f.Figure).** $($f.Reproduce)" }
    $template = Get-Content -LiteralPath (Join-Path $PSScriptRoot 'performance.template.md') -Raw
    $text = $template.
        Replace('{{MACHINE}}', ($Machine.GetEnumerator() | ForEach-Object { "- $($_.Key): $($_.Value)" }) -join "`n").
        Replace('{{MODE}}', $(if ($Quick) { 'quick (fewer repetitions)' } else { 'full' })).
        Replace('{{TABLE}}', ($rows -join "`n")).
        Replace('{{REPRODUCE}}', ($howTo -join "`n")).
        Replace('{{NOTES}}', (Get-Content -LiteralPath (Join-Path $PSScriptRoot 'performance.notes.md') -Raw).TrimEnd())
    Set-Content -LiteralPath $MarkdownPath -Value $text
    Write-Host "Results: $JsonPath and $MarkdownPath"
}
