#Requires -Modules Pester
# The host's death is not an escape (SPEC 1.11, issue 10): a pwsh that runs Hero tasks and is then
# terminated (SIGTERM, SIGHUP), killed outright (SIGKILL) or ends its script while a thread job still
# runs a task leaves no process of any task's tree, and nothing of Hero's own. Real pwsh hosts, real
# trees, real signals. Linux only: the sentinel's sweep reads /proc. Every scenario first starts an
# unrelated `sleep 300` outside Hero and checks at the end that nothing touched it. A survivor is a
# process that is not a zombie (pid 1 here reaps orphans lazily).

BeforeDiscovery {
    $script:OnLinux = $IsLinux
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Pwsh = Get-TestPwsh
    $script:Kill = (Get-Command -Name kill -CommandType Application | Select-Object -First 1).Source

    # The shell, a child that ignores SIGTERM, a grandchild in a session of its own, and an orphan
    # left by a double fork: each writes its pid.
    $script:Tree = Join-Path $TestDrive 'tree.sh'
    Set-Content -LiteralPath $Tree -Value @'
echo $$ >> "$1"
sh -c 'trap "" TERM; echo $$ >> "$1"; exec sleep 300' sh "$1" &
setsid sh -c 'echo $$ >> "$1"; exec sleep 300' sh "$1" &
sh -c 'sh -c "echo \$\$ >> \"\$1\"; exec sleep 300" sh "$1" &' sh "$1"
wait
'@

    $script:HostScript = Join-Path $TestDrive 'host.ps1'
    Set-Content -LiteralPath $HostScript -Value @'
param($Module, $Tree, $PidFile, $Mode, [int] $Count, [double] $Grace, $Log, $Go)
$ErrorActionPreference = 'Stop'
$WarningPreference = 'SilentlyContinue'
Import-Module $Module
if ($Log) { Set-HeroLogging -Path $Log }
Write-HeroLog 'before the signal'
switch ($Mode) {
    'task' { $null = Invoke-HeroTask -GracePeriod $Grace -Quiet -- sh $Tree $PidFile }
    'batch' {
        $null = 1..$Count | ForEach-Object { @{ Name = "tree-$_"; FilePath = 'sh'; ArgumentList = $Tree, $PidFile; GracePeriod = $Grace; Quiet = $true } } |
            Invoke-HeroTask -ThrottleLimit $Count
    }
    'threadjob' {
        $null = Start-ThreadJob { param($m, $t, $p, $g) Import-Module $m; Invoke-HeroTask -GracePeriod $g -Quiet -- sh $t $p } -ArgumentList $Module, $Tree, $PidFile, $Grace
        while (-not (Test-Path $PidFile) -or @(Get-Content $PidFile).Count -lt 4) { Start-Sleep -Milliseconds 20 }
        Set-Content -LiteralPath $Go -Value 'the main script ends'
    }
    'sequential' {
        $type = [Hero.HeroTaskResult].Assembly.GetType('Hero.Processes.KillGroupRegistry')
        $registry = $type.GetProperty('Process').GetValue($null)
        $sentinelId = $type.GetProperty('SentinelId')
        $seen = [System.Collections.Generic.HashSet[int]]::new()
        foreach ($i in 1..100) { $null = Invoke-HeroTask /bin/true; $null = $seen.Add($sentinelId.GetValue($registry)) }
        Set-Content -LiteralPath $PidFile -Value @($seen)
    }
    'reuse' {
        # A group that has ended; then, once the test has put a process of its own at that number, a tree.
        $first = Invoke-HeroTask -Quiet -- sh -c 'echo $$'
        Set-Content -LiteralPath "$PidFile.first" -Value $first.StdOut.Trim()
        while (-not (Test-Path $Go)) { Start-Sleep -Milliseconds 20 }
        $null = Invoke-HeroTask -GracePeriod $Grace -Quiet -- sh $Tree $PidFile
    }
}
'@

    function Start-Bystander {
        [System.Diagnostics.Process]::Start('sleep', '300')
    }

    function Start-HeroHost {
        param([string] $Mode = 'task', [int] $Count = 1, [double] $Grace = 1, [switch] $WithLog)
        $id = [guid]::NewGuid().ToString('N')
        $run = [pscustomobject]@{
            PidFile = Join-Path $TestDrive "$id.pids"
            Log = $WithLog ? (Join-Path $TestDrive "$id.clef") : ''
            Go = Join-Path $TestDrive "$id.go"
            Expected = 4 * $Count
            Grace = $Grace
            Process = $null
            Output = $null
            Signalled = $null
        }
        $info = [System.Diagnostics.ProcessStartInfo]::new($Pwsh[0])
        $arguments = @($Pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $HostScript,
            '-Module', $ModuleManifest, '-Tree', $Tree, '-PidFile', $run.PidFile, '-Mode', $Mode, '-Count', $Count,
            '-Grace', $Grace, '-Log', $run.Log, '-Go', $run.Go)
        foreach ($argument in $arguments) { $info.ArgumentList.Add([string]$argument) }
        # Nothing a test does not need: no telemetry, no update check.
        $info.Environment['POWERSHELL_TELEMETRY_OPTOUT'] = '1'
        $info.Environment['POWERSHELL_UPDATECHECK'] = 'Off'
        $info.RedirectStandardOutput = $true
        $info.RedirectStandardError = $true
        $run.Process = [System.Diagnostics.Process]::Start($info)
        # Drained in the background, so a chatty host never blocks on a full pipe.
        $run.Output = @($run.Process.StandardOutput.ReadToEndAsync(), $run.Process.StandardError.ReadToEndAsync())
        $run
    }

    # Exact NUL-separated entries of /proc/PID/environ: which running (not zombie) processes carry one.
    function Find-ProcessWithVariable {
        param([string[]] $Entry)
        $wanted = @($Entry | ForEach-Object { "`0$_`0" })
        foreach ($directory in [System.IO.Directory]::GetDirectories('/proc')) {
            $name = [System.IO.Path]::GetFileName($directory)
            if ($name -notmatch '^\d+$') { continue }
            try { $text = "`0" + [System.Text.Encoding]::Latin1.GetString([System.IO.File]::ReadAllBytes("$directory/environ")) + "`0" } catch { continue }
            foreach ($w in $wanted) {
                if ($text.Contains($w) -and (Test-ProcessAlive -Id ([int]$name))) { [int]$name; break }
            }
        }
    }

    # Waits until the host's trees are up; returns their kill-group markers.
    function Wait-TreeUp {
        param($Run)
        $up = Wait-Until -TimeoutSeconds 60 { (Read-PidFile $Run.PidFile).Count -ge $Run.Expected -or $Run.Process.HasExited }
        $pids = Read-PidFile $Run.PidFile
        if (-not $up -or $pids.Count -lt $Run.Expected) {
            throw "The host did not start its trees ($($pids.Count) of $($Run.Expected) pids): $($Run.Output[1].Result)"
        }
        $markers = foreach ($id in $pids) {
            try { [System.IO.File]::ReadAllText("/proc/$id/environ") -split "`0" | Where-Object { $_ -like 'HERO_KILL_GROUP=*' } } catch { }
        }
        @($markers | Sort-Object -Unique)
    }

    function Send-Signal {
        param($Run, [string] $Signal)
        $Run.Signalled = [System.Diagnostics.Stopwatch]::StartNew()
        & $Kill -s $Signal $Run.Process.Id
    }

    # The trees' processes still running: the recorded pids, and anything else carrying their markers.
    function Get-Survivor {
        param($Run, [string[]] $Markers)
        @(@(Read-PidFile $Run.PidFile | Where-Object { Test-ProcessAlive -Id $_ }) + @(Find-ProcessWithVariable $Markers) | Sort-Object -Unique)
    }

    # Polls until nothing is left or the grace plus two seconds since the signal have passed. The
    # recorded pids are cheap to look at; the whole process table is read only once they are gone.
    function Wait-Survivor {
        param($Run, [string[]] $Markers)
        $limit = $Run.Grace + 2
        $recorded = Read-PidFile $Run.PidFile
        do {
            if (-not ($recorded | Where-Object { Test-ProcessAlive -Id $_ }) -and (Get-Survivor $Run $Markers).Count -eq 0) { break }
            Start-Sleep -Milliseconds 100
        } while ($Run.Signalled.Elapsed.TotalSeconds -lt $limit)
        $seconds = $Run.Signalled.Elapsed.TotalSeconds
        [pscustomobject]@{ Left = @(Get-Survivor $Run $Markers); Seconds = $seconds }
    }

    # Hero's own processes of a host (the sentinel and what it runs) still running.
    function Get-HeroOwn {
        param($Run)
        @(Find-ProcessWithVariable "HERO_SENTINEL_HOST=$($Run.Process.Id)")
    }

    function Wait-HeroOwnGone {
        param($Run, [System.Diagnostics.Stopwatch] $Since)
        while ((Get-HeroOwn $Run).Count -gt 0 -and $Since.Elapsed.TotalSeconds -lt $Run.Grace + 2) { Start-Sleep -Milliseconds 100 }
        Get-HeroOwn $Run
    }

    # Field 22 of /proc/PID/stat: when the process started, in clock ticks since boot.
    function Get-StartTime {
        param([int] $Id)
        $text = [System.IO.File]::ReadAllText("/proc/$Id/stat")
        ($text.Substring($text.LastIndexOf(')') + 2) -split ' ')[19]
    }

    function Stop-Run {
        param($Run)
        if ($Run.Process -and -not $Run.Process.HasExited) { $Run.Process.Kill() }
        foreach ($id in Read-PidFile $Run.PidFile) { Stop-Process -Id $id -Force -ErrorAction SilentlyContinue }
    }
}

Describe 'A host that is signalled or killed leaves no process of its trees' -Skip:(-not $OnLinux) {
    BeforeEach {
        $script:Bystander = Start-Bystander
        $script:Runs = [System.Collections.Generic.List[object]]::new()
    }

    AfterEach {
        foreach ($run in $Runs) { Stop-Run $run }
        if (-not $Bystander.HasExited) { $Bystander.Kill() }
    }

    It 'SIGTERM: the tree is gone within grace + 2 s, pwsh exits 143 and the log tells why' {
        $run = Start-HeroHost -WithLog
        $Runs.Add($run)
        $markers = Wait-TreeUp $run
        Send-Signal $run TERM
        $outcome = Wait-Survivor $run $markers
        $outcome.Left | Should -BeNullOrEmpty -Because "the tree must be gone $($run.Grace + 2) s after the signal (took $($outcome.Seconds) s)"
        $run.Process.WaitForExit(10000) | Should -BeTrue
        $run.Process.ExitCode | Should -Be 143

        $events = @(Get-HeroLog -Path $run.Log)
        $events.Message | Should -Contain 'before the signal'
        @($events | Where-Object { $_.MessageTemplate -like 'Task {Task} attempt {Attempt} started*' }).Count | Should -Be 1
        $stopped = @($events | Where-Object { $_.MessageTemplate -like 'Task {Task} stopped: the host is exiting on {HostExitReason}*' -and $_.Task -eq 'sh' })
        $stopped.Count | Should -Be 1
        $stopped[0].Properties.HostExitReason | Should -Be 'SIGTERM'
        $stopped[0].Properties.KilledProcessCount | Should -BeGreaterOrEqual 4
        Test-ProcessAlive -Id $Bystander.Id | Should -BeTrue
    }

    It 'SIGHUP: the tree is gone within grace + 2 s and pwsh exits 129' {
        $run = Start-HeroHost
        $Runs.Add($run)
        $markers = Wait-TreeUp $run
        Send-Signal $run HUP
        $outcome = Wait-Survivor $run $markers
        $outcome.Left | Should -BeNullOrEmpty -Because "took $($outcome.Seconds) s"
        $run.Process.WaitForExit(10000) | Should -BeTrue
        $run.Process.ExitCode | Should -Be 129
        Test-ProcessAlive -Id $Bystander.Id | Should -BeTrue
    }

    It 'a batch of 8 running tasks at -ThrottleLimit 8: <Signal>' -ForEach @(@{ Signal = 'TERM' }, @{ Signal = 'KILL' }) {
        $run = Start-HeroHost -Mode batch -Count 8
        $Runs.Add($run)
        $markers = Wait-TreeUp $run
        $markers.Count | Should -Be 8
        Send-Signal $run $Signal
        $outcome = Wait-Survivor $run $markers
        $outcome.Left | Should -BeNullOrEmpty -Because "took $($outcome.Seconds) s"
        if ($Signal -eq 'TERM') {
            $run.Process.WaitForExit(10000) | Should -BeTrue
            $run.Process.ExitCode | Should -Be 143
        }
        Test-ProcessAlive -Id $Bystander.Id | Should -BeTrue
    }

    It 'SIGKILL, twenty runs in a row: the sentinel leaves zero survivors within grace + 2 s, then is gone itself' {
        # Three hosts warm up ahead of the one being killed: a pwsh takes longer to start than the
        # sentinel takes to finish. Each run checks that exactly one sentinel watched the host.
        $grace = 0.5
        $queue = [System.Collections.Generic.Queue[object]]::new()
        $started = 0
        while ($started -lt 3) { $queue.Enqueue((Start-HeroHost -Grace $grace)); $started++ }
        $report = foreach ($number in 1..20) {
            $run = $queue.Dequeue()
            $Runs.Add($run)
            $markers = Wait-TreeUp $run
            # The sentinel may still be between its sh and the exec of awk (no environment to read).
            $null = Wait-Until -TimeoutSeconds 5 { (Get-HeroOwn $run).Count -gt 0 }
            $sentinels = (Get-HeroOwn $run).Count
            Send-Signal $run KILL
            if ($started -lt 20) { $queue.Enqueue((Start-HeroHost -Grace $grace)); $started++ }
            $outcome = Wait-Survivor $run $markers
            [pscustomobject]@{
                Run = $number
                Sentinels = $sentinels
                Survivors = $outcome.Left.Count
                Seconds = [Math]::Round($outcome.Seconds, 2)
                HeroOwn = @(Wait-HeroOwnGone $run $run.Signalled).Count
                Bystander = Test-ProcessAlive -Id $Bystander.Id
            }
        }
        $bad = @($report | Where-Object { $_.Sentinels -ne 1 -or $_.Survivors -gt 0 -or $_.HeroOwn -gt 0 -or -not $_.Bystander })
        $bad | Should -BeNullOrEmpty -Because ($report | Format-Table | Out-String)
    }
}

Describe 'A host that ends its script while a thread job runs a task' -Skip:(-not $OnLinux) {
    It 'exits within grace + 2 s and leaves no process of the tree' {
        $bystander = Start-Bystander
        $run = Start-HeroHost -Mode threadjob
        try {
            $markers = Wait-TreeUp $run
            Wait-Until -TimeoutSeconds 30 { Test-Path -LiteralPath $run.Go } | Should -BeTrue
            $run.Signalled = [System.Diagnostics.Stopwatch]::StartNew()
            $run.Process.WaitForExit(($run.Grace + 2) * 1000) | Should -BeTrue -Because 'the process must not wait for the task'
            $outcome = Wait-Survivor $run $markers
            $outcome.Left | Should -BeNullOrEmpty -Because "took $($outcome.Seconds) s"
            Test-ProcessAlive -Id $bystander.Id | Should -BeTrue
        }
        finally {
            Stop-Run $run
            $bystander.Kill()
        }
    }
}

Describe 'The sentinel' -Skip:(-not $OnLinux) {
    It 'is one process for 100 sequential tasks, and gone within grace + 2 s of a normal exit' {
        $bystander = Start-Bystander
        $run = Start-HeroHost -Mode sequential
        try {
            $run.Process.WaitForExit(60000) | Should -BeTrue
            $exited = [System.Diagnostics.Stopwatch]::StartNew()
            $run.Process.ExitCode | Should -Be 0 -Because $run.Output[1].Result
            $seen = @(Read-PidFile $run.PidFile)
            $seen.Count | Should -Be 1 -Because 'every task used the same sentinel'
            $seen[0] | Should -BeGreaterThan 0
            Wait-HeroOwnGone $run $exited | Should -BeNullOrEmpty
            Test-ProcessAlive -Id $bystander.Id | Should -BeTrue
        }
        finally {
            Stop-Run $run
            $bystander.Kill()
        }
    }

    It 'never signals a process that took the number of a group that has ended' {
        $control = '/proc/sys/kernel/ns_last_pid'
        $writable = $false
        try { [System.IO.File]::WriteAllText($control, [System.IO.File]::ReadAllText($control)); $writable = $true } catch { }
        if (-not $writable) {
            Set-ItResult -Skipped -Because "placing a process at a chosen pid needs $control to be writable (root)"
            return
        }

        $bystander = Start-Bystander
        $run = Start-HeroHost -Mode reuse
        $reused = $null
        try {
            Wait-Until -TimeoutSeconds 60 { Test-Path -LiteralPath "$($run.PidFile).first" } | Should -BeTrue
            $group = [int](Get-Content -LiteralPath "$($run.PidFile).first")
            # The kernel hands out the number after the one written; the fork follows the write within
            # microseconds, but another fork on the machine may still take the number first: retry.
            foreach ($attempt in 1..50) {
                $placed = [int](& sh -c 'echo $(($1 - 1)) > /proc/sys/kernel/ns_last_pid && { setsid sleep 300 < /dev/null > /dev/null 2>&1 & echo $!; }' sh $group)
                if ($placed -eq $group) { $reused = $group; break }
                Stop-Process -Id $placed -Force -ErrorAction SilentlyContinue
            }
            if (-not $reused) {
                Set-ItResult -Inconclusive -Because "pid $group was taken by another process 50 times"
                return
            }
            $started = Get-StartTime $reused

            Set-Content -LiteralPath $run.Go -Value 'go'
            $markers = Wait-TreeUp $run
            Send-Signal $run KILL
            $outcome = Wait-Survivor $run $markers
            $outcome.Left | Should -BeNullOrEmpty -Because "took $($outcome.Seconds) s"
            Wait-HeroOwnGone $run $run.Signalled | Should -BeNullOrEmpty
            Test-ProcessAlive -Id $reused | Should -BeTrue -Because "pid $group now leads a session that is not Hero's"
            Get-StartTime $reused | Should -Be $started -Because 'it must be the same process, not a new one with that number'
            Test-ProcessAlive -Id $bystander.Id | Should -BeTrue
        }
        finally {
            Stop-Run $run
            if ($reused) { Stop-Process -Id $reused -Force -ErrorAction SilentlyContinue }
            $bystander.Kill()
        }
    }
}
