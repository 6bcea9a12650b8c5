#Requires -Modules Pester
# Start-HeroGuardian (issue 16): a detached worker that outlives its session, the restart curve and
# its budget, the probes that end a child (HTTP, watchdog, memory), periodic duties that never overlap,
# backups on a schedule, the service definition, and bad input. Real workers (pwsh), real children
# (HeroTestKit), a real HTTP server; every guardian lives under this file's own state root and is
# stopped at the end. The guardians start together in BeforeAll and the tests read what they did, so
# their waits overlap. Linux: detachment and the memory limit read /proc; the curve and the probes are
# the same elsewhere, but these tests run where the suite runs.

BeforeDiscovery {
    $script:OnLinux = $IsLinux
    $script:HasSystemdAnalyze = [bool](Get-Command systemd-analyze -CommandType Application -ErrorAction SilentlyContinue)
    $script:HasSystemctl = $IsLinux -and [bool](Get-Command systemctl -CommandType Application -ErrorAction SilentlyContinue)
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    . (Join-Path $PSScriptRoot 'GuardianFixtures.ps1')
    . (Join-Path $PSScriptRoot 'BackupFixtures.ps1')
    $script:Root = Initialize-TestGuardianRoot (Join-Path $TestDrive 'guardians')
    $script:HeroLogFile = Join-Path $TestDrive 'hero.clef'
    Set-HeroLogging -Path $HeroLogFile -MinimumLevel Information
    $script:Pwsh = Get-TestPwsh

    # Detachment first: these take longest (a pwsh that starts a pwsh). One ends normally, one is killed.
    $script:HostScript = Join-Path $TestDrive 'starter.ps1'
    Set-Content -LiteralPath $HostScript -Value @'
param($Module, $Kit, $Name, $Ready, $Mode)
$ErrorActionPreference = 'Stop'
Import-Module $Module
$g = Start-HeroGuardian -Name $Name -KeepAlive -- $Kit sleep 300
Set-Content -LiteralPath "$Ready.tmp" -Value "$($g.WorkerPid) $($g.ChildPid) $PID"
Move-Item -LiteralPath "$Ready.tmp" -Destination $Ready
if ($Mode -eq 'kill') { Start-Sleep -Seconds 300 }
'@
    $script:Starters = @{}
    foreach ($mode in 'exit', 'kill') {
        $info = [Diagnostics.ProcessStartInfo]::new($Pwsh[0])
        foreach ($a in @($Pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $HostScript, $ModuleManifest, $Kit, "detached-$mode", (Join-Path $TestDrive "ready-$mode"), $mode)) {
            $info.ArgumentList.Add($a)
        }
        $info.UseShellExecute = $false
        $info.RedirectStandardOutput = $true
        $info.RedirectStandardError = $true
        $Starters[$mode] = [Diagnostics.Process]::Start($info)
    }

    # A small HTTP server in this process: 200 while $Health.Ok, else 500.
    $probe = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
    $probe.Start(); $script:Port = $probe.LocalEndpoint.Port; $probe.Stop()
    $script:Health = [hashtable]::Synchronized(@{ Ok = $true; Requests = 0 })
    $script:Listener = [Net.HttpListener]::new()
    $Listener.Prefixes.Add("http://127.0.0.1:$Port/")
    $Listener.Start()
    $script:Server = [powershell]::Create()
    $null = $Server.AddScript({
            param($listener, $health)
            while ($listener.IsListening) {
                try { $context = $listener.GetContext() } catch { break }
                $health.Requests++
                $context.Response.StatusCode = if ($health.Ok) { 200 } else { 500 }
                $context.Response.Close()
            }
        }).AddArgument($Listener).AddArgument($Health)
    $script:ServerRun = $Server.BeginInvoke()

    $script:Files = @{
        Crash = Join-Path $TestDrive 'crash.txt'; Reset = Join-Path $TestDrive 'reset.txt'
        Watchdog = Join-Path $TestDrive 'watchdog.txt'; Duty = Join-Path $TestDrive 'duty.txt'
    }
    $common = @{ GracePeriod = 1; RestartDelay = 0.2 }
    $null = Start-HeroGuardian -Name crash -KeepAlive -MaxRestartDelay 1 -MaxRestarts 5 -RestartWindow 1m @common -- $Kit stamp $Files.Crash exit 1
    $null = Start-HeroGuardian -Name reset -KeepAlive -MaxRestartDelay 5 -ResetAfter 2 -MaxRestarts 20 @common -- $Kit stamp $Files.Reset sleep 3 exit 1
    $script:WatchdogBeat = Join-Path $Root 'watchdog' 'heartbeat'
    $null = Start-HeroGuardian -Name watchdog -KeepAlive -WatchdogTimeout 1.5 @common -- $Kit touch $WatchdogBeat sleep 0.8 touch $WatchdogBeat sleep 0.8 touch $WatchdogBeat stamp $Files.Watchdog sleep 120
    $null = Start-HeroGuardian -Name memory -KeepAlive -MaxMemory 150MB @common -- $Kit sleep 0.5 hold 200 120
    $null = Start-HeroGuardian -Name duty -Every 2s -RunNow -GracePeriod 1 -- $Kit timed $Files.Duty 3
    $script:Project = New-TestRepository -Path (Join-Path $TestDrive 'project')
    $script:Backups = Join-Path $TestDrive 'backups'
    $null = Start-HeroGuardian -Name backup -Every 2s -RunNow -Backup -Path $Project -Destination $Backups
    $script:TaskStamps = Join-Path $TestDrive 'task.txt'
    $null = Start-HeroGuardian -Name task-duty -Every 1h -RunNow -Task (New-HeroTask -Name stamp -- $Kit stamp $TaskStamps)
    $closed = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
    $closed.Start(); $closedPort = $closed.LocalEndpoint.Port; $closed.Stop()
    $script:Checks = Join-Path $TestDrive 'checks.psd1'
    "@{ Checks = @( @{ Name = 'pwsh'; Kind = 'PowerShell'; Minimum = '5.1' }, @{ Name = 'closed'; Kind = 'TcpPort'; Port = $closedPort } ) }" | Set-Content -LiteralPath $Checks
    $null = Start-HeroGuardian -Name health-duty -Every 1h -RunNow -Health $Checks
    $script:HttpStarted = Start-HeroGuardian -Name http -KeepAlive -HealthUri "http://127.0.0.1:$Port/health" -HealthInterval 0.5 -HealthTimeout 0.5 @common -- $Kit sleep 120
}

AfterAll {
    foreach ($starter in $Starters.Values) { if (-not $starter.HasExited) { $starter.Kill() } }
    Remove-TestGuardians -Root $Root
    $Listener.Stop(); $Listener.Close()
    $Server.Dispose()
    Remove-Item Env:HERO_GUARDIAN_HOME -ErrorAction SilentlyContinue
    Set-HeroLogging -DisableFile
}

Describe 'Start-HeroGuardian: detachment' -Skip:(-not $OnLinux) {
    It 'keeps the worker and its child running when the starting pwsh <_>' -ForEach 'exit', 'kill' {
        $mode = $_
        $ready = Join-Path $TestDrive "ready-$mode"
        Wait-Until { Test-Path -LiteralPath $ready } -TimeoutSeconds 60 | Should -BeTrue -Because 'the starting pwsh reports the guardian it started'
        $workerPid, $childPid, $starterPid = (Get-Content -LiteralPath $ready) -split ' ' | ForEach-Object { [int]$_ }
        $starter = $Starters[$mode]
        if ($mode -eq 'kill') { kill -9 $starterPid }
        $starter.WaitForExit(30000) | Should -BeTrue
        if ($mode -eq 'exit') { $starter.ExitCode | Should -Be 0 }
        Start-Sleep -Milliseconds 500
        Test-ProcessAlive -Id $starterPid | Should -BeFalse
        Test-ProcessAlive -Id $workerPid | Should -BeTrue
        Test-ProcessAlive -Id $childPid | Should -BeTrue
        $guardian = Get-HeroGuardian -Name "detached-$mode"
        $guardian.State | Should -Be 'Running'
        $guardian.WorkerPid | Should -Be $workerPid
        $guardian.ChildPid | Should -Be $childPid
        $guardian.Restarts | Should -Be 0
    }
}

Describe 'Start-HeroGuardian: the restart curve' {
    It 'restarts a crashing command along the documented curve, then is Fatal with the last exit code' {
        $guardian = Wait-Guardian crash { param($g) $g.State -eq 'Fatal' } -TimeoutSeconds 30
        $guardian.State | Should -Be 'Fatal'
        $guardian.LastExitCode | Should -Be 1
        $guardian.Restarts | Should -Be 5
        $guardian.Message | Should -Match '5 restart\(s\) within 1m'
        $stamps = Read-Stamps $Files.Crash
        $stamps.Count | Should -Be 6
        # Restart n waits between half of and the whole of min(0.2 s * 2^n, 1 s); the gap adds the
        # kit's start (+0.5 s allowed).
        $nominal = 0.2, 0.4, 0.8, 1.0, 1.0
        for ($i = 0; $i -lt 5; $i++) {
            $gap = $stamps[$i + 1] - $stamps[$i]
            $gap | Should -BeGreaterOrEqual ($nominal[$i] / 2) -Because "restart $($i + 1) waits at least half its nominal delay"
            $gap | Should -BeLessOrEqual ($nominal[$i] + 0.5) -Because "restart $($i + 1) waits at most its nominal delay"
        }
        Start-Sleep -Seconds 1.5
        (Read-Stamps $Files.Crash).Count | Should -Be 6 -Because 'nothing starts after Fatal'
        (Get-HeroGuardian crash).State | Should -Be 'Fatal'
    }

    It 'starts again from the first delay after a run of -ResetAfter' {
        $null = Wait-Guardian reset { param($g) (Read-Stamps $Files.Reset).Count -ge 3 } -TimeoutSeconds 30
        $stamps = Read-Stamps $Files.Reset
        $stamps.Count | Should -BeGreaterOrEqual 3
        for ($i = 0; $i -lt 2; $i++) {
            ($stamps[$i + 1] - $stamps[$i] - 3) | Should -BeLessOrEqual (0.2 + 0.5) -Because 'each restart waits the first delay again'
        }
        $trace = (Get-HeroGuardian reset).CorrelationId
        $restarts = @(Get-HeroLog -Path $HeroLogFile -CorrelationId $trace | Where-Object { $_.Properties.ContainsKey('Step') })
        $restarts.Count | Should -BeGreaterOrEqual 2
        $restarts | ForEach-Object { $_.Properties['Step'] | Should -Be 0 }
    }
}

Describe 'Start-HeroGuardian: probes and limits' {
    It 'restarts the command after three failed HTTP probes' {
        Wait-Until { $Health.Requests -ge 2 } -TimeoutSeconds 10 | Should -BeTrue -Because 'the probe reaches the server'
        (Get-HeroGuardian http).Restarts | Should -Be 0
        $failingSince = [DateTime]::UtcNow
        $Health.Ok = $false
        $guardian = Wait-Guardian http { param($g) $g.Restarts -ge 1 } -TimeoutSeconds 10
        $Health.Ok = $true
        $guardian.Restarts | Should -Be 1
        $guardian.LastExitReason | Should -Match 'health probe.*3 times'
        $after = ($guardian.LastExitTime - $failingSince).TotalSeconds
        $after | Should -BeGreaterOrEqual 1.0 -Because 'three periods of 0.5 s pass before the third failure'
        $after | Should -BeLessOrEqual (3 * 0.5 + 0.5 + 2) -Because 'three periods, the last probe''s timeout, and the stop'
    }

    It 'restarts a command that stops touching its heartbeat file within -WatchdogTimeout and a period' {
        $guardian = Wait-Guardian watchdog { param($g) $g.Restarts -ge 1 } -TimeoutSeconds 15
        $guardian.Restarts | Should -BeGreaterOrEqual 1
        $guardian.LastExitReason | Should -Match 'watchdog'
        # The stamp of the run the watchdog ended: the last one written before that end.
        $ended = [DateTimeOffset]::new($guardian.LastExitTime).ToUnixTimeMilliseconds() / 1000
        $lastTouch = [DateTime]::UnixEpoch.AddSeconds((Read-Stamps $Files.Watchdog | Where-Object { $_ -lt $ended } | Select-Object -Last 1))
        $silence = ($guardian.LastExitTime - $lastTouch).TotalSeconds
        $silence | Should -BeGreaterOrEqual 1.4 -Because 'touching the file (three times over 1.6 s, longer than the timeout) kept it alive'
        $silence | Should -BeLessOrEqual (1.5 + 0.75 + 1.5) -Because 'the watchdog fires within its timeout plus one check period (half the timeout), plus the stop'
    }

    It 'restarts a tree that grows past -MaxMemory' -Skip:(-not $OnLinux) {
        $guardian = Wait-Guardian memory { param($g) $g.Restarts -ge 1 } -TimeoutSeconds 15
        $guardian.Restarts | Should -BeGreaterOrEqual 1
        $guardian.LastExitReason | Should -Match 'memory limit'
    }
}

Describe 'Start-HeroGuardian -Every' {
    It 'never overlaps a run with the next and logs the skipped runs' {
        $null = Wait-Guardian duty { param($g) @(Get-Content -LiteralPath $Files.Duty -ErrorAction SilentlyContinue).Count -ge 2 } -TimeoutSeconds 20
        $runs = @(Get-Content -LiteralPath $Files.Duty | ForEach-Object { , ([double[]]($_ -split ' ')) })
        $runs.Count | Should -BeGreaterOrEqual 2
        for ($i = 1; $i -lt $runs.Count; $i++) {
            $runs[$i][0] | Should -BeGreaterOrEqual $runs[$i - 1][1] -Because 'a run starts only after the one before it ended'
        }
        $guardian = Get-HeroGuardian duty
        $guardian.SkippedRuns | Should -BeGreaterOrEqual 1
        $guardian.LastRunResult | Should -Be 'Succeeded'
        $skips = @(Get-HeroLog -Path $HeroLogFile -CorrelationId $guardian.CorrelationId | Where-Object Message -Match 'is skipped: run \d+ is still going')
        $skips.Count | Should -BeGreaterOrEqual 1
    }

    It 'runs a New-HeroTask definition on schedule' {
        $guardian = Wait-Guardian task-duty { param($g) $g.LastRunResult } -TimeoutSeconds 15
        $guardian.LastRunResult | Should -Be 'Succeeded'
        $guardian.Runs | Should -Be 1
        (Read-Stamps $TaskStamps).Count | Should -Be 1
        $guardian.NextRun | Should -BeGreaterThan ([DateTime]::UtcNow.AddMinutes(50))
    }

    It 'runs health checks on schedule and reports the failed ones' {
        $guardian = Wait-Guardian health-duty { param($g) $g.LastRunResult } -TimeoutSeconds 15
        $guardian.LastRunResult | Should -Not -Be 'Succeeded'
        $guardian.LastExitCode | Should -Be 1
        $lines = (Get-HeroGuardianLog -Name health-duty -Tail -1) -join "`n"
        $lines | Should -Match 'health pwsh \(PowerShell\): Healthy'
        $lines | Should -Match 'health closed \(TcpPort\): Critical'
    }

    It 'makes backups on schedule' {
        $zips = { @(Get-ChildItem -LiteralPath $Backups -Directory -ErrorAction SilentlyContinue | Get-ChildItem -Directory | Where-Object { Test-Path (Join-Path $_.FullName 'project.zip') }) }
        $guardian = Wait-Guardian backup { param($g) (& $zips).Count -ge 2 -and $g.LastRunResult } -TimeoutSeconds 20
        $guardian.LastRunResult | Should -Match '^Succeeded'
        (& $zips).Count | Should -BeGreaterOrEqual 2
    }
}

Describe 'Start-HeroGuardian -Persist' {
    It 'prints a systemd user unit with -WhatIf and installs nothing' {
        $printed = (Start-HeroGuardian -Name persisted -KeepAlive -Persist -WhatIf -- $Kit sleep 60) 6>&1 | Out-String
        $printed | Should -Match '\[Service\]'
        $printed | Should -Match 'ExecStart=".*" .*"-NoProfile" "-NonInteractive" "-Command"'
        $printed | Should -Match 'Start-HeroGuardian -Worker'
        $printed | Should -Match 'KillMode=mixed'
        $printed | Should -Match 'WantedBy=default.target'
        Test-Path (Join-Path $Root 'persisted') | Should -BeFalse
    }

    It 'prints a unit that systemd-analyze verify accepts' -Skip:(-not $HasSystemdAnalyze) {
        $printed = (Start-HeroGuardian -Name persisted -KeepAlive -Persist -WhatIf -- $Kit sleep 60) 6>&1 | Out-String
        $unit = ($printed -split "\r?\n" | Select-Object -Skip 1) -join "`n"
        $unit = $unit.Substring($unit.IndexOf('# Written by'))
        $file = Join-Path $TestDrive 'hero-guardian-persisted.service'
        [IO.File]::WriteAllText($file, $unit)
        # A user manager needs a runtime folder; CI containers have none.
        $runtime = [IO.Directory]::CreateDirectory((Join-Path $TestDrive 'runtime')).FullName
        $saved = $env:XDG_RUNTIME_DIR
        if (-not $saved) { $env:XDG_RUNTIME_DIR = $runtime }
        try { $said = & systemd-analyze --user verify $file 2>&1 | Out-String }
        finally { $env:XDG_RUNTIME_DIR = $saved }
        $LASTEXITCODE | Should -Be 0 -Because $said
    }
}

Describe 'Start-HeroGuardian -Persist, refused by the service manager' -Skip:(-not $HasSystemctl) {
    It 'leaves no unit file and no state behind' {
        # A config folder of the test's own: the user manager does not search it, so enabling the
        # unit fails on every machine, and the user's real units are never touched.
        $saved = $env:XDG_CONFIG_HOME
        $env:XDG_CONFIG_HOME = [IO.Directory]::CreateDirectory((Join-Path $TestDrive 'config')).FullName
        try {
            $err = $null
            try { Start-HeroGuardian -Name refused -KeepAlive -Persist -ErrorAction Stop -- $Kit sleep 60 } catch { $err = $_ }
            $err.FullyQualifiedErrorId | Should -BeLike 'HeroGuardianServiceFailed*'
            $err.Exception.Message | Should -Match 'systemctl --user'
            Test-Path (Join-Path $env:XDG_CONFIG_HOME 'systemd' 'user' 'hero-guardian-refused.service') | Should -BeFalse
            Test-Path (Join-Path $Root 'refused') | Should -BeFalse
        }
        finally { $env:XDG_CONFIG_HOME = $saved }
    }
}

Describe 'Start-HeroGuardian: bad input' {
    It 'refuses <Case> naming <Parameter>, and starts nothing' -ForEach @(
        @{ Case = '-Every 0'; Parameter = 'Every'; Arguments = @{ Name = 'bad-every'; Every = '0' } }
        @{ Case = 'a missing working directory'; Parameter = 'WorkingDirectory'; Arguments = @{ Name = 'bad-folder'; KeepAlive = $true; WorkingDirectory = '/no/such/folder' } }
        @{ Case = 'a program that does not exist'; Parameter = 'FilePath'; Arguments = @{ Name = 'bad-program'; KeepAlive = $true; FilePath = 'no-such-program-hero' } }
        @{ Case = 'no name'; Parameter = 'Name'; Arguments = @{ KeepAlive = $true } }
        @{ Case = 'neither -KeepAlive nor -Every'; Parameter = 'KeepAlive'; Arguments = @{ Name = 'bad-mode' } }
        @{ Case = 'a checks file that does not exist'; Parameter = 'Health'; Arguments = @{ Name = 'bad-health'; Every = '1h'; Health = '/no/such/checks.psd1' } }
        @{ Case = 'a probe with -Every'; Parameter = 'HealthUri'; Arguments = @{ Name = 'bad-probe'; Every = '1h'; HealthUri = 'http://127.0.0.1:1/' } }
    ) {
        $arguments = $Arguments
        if (-not $arguments.ContainsKey('FilePath') -and -not $arguments.ContainsKey('Health')) { $arguments.FilePath = $Kit; $arguments.ArgumentList = 'sleep', '1' }
        $before = @(Get-ChildItem -LiteralPath $Root -Directory).Name
        $err = $null
        try { Start-HeroGuardian @arguments -ErrorAction Stop } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -BeLike 'HeroGuardianInvalidParameter*'
        $err.TargetObject | Should -Be $Parameter
        @(Get-ChildItem -LiteralPath $Root -Directory).Name | Should -Be $before
    }

    It 'refuses -MaxRestarts -1 naming the parameter' {
        { Start-HeroGuardian -Name bad-restarts -KeepAlive -MaxRestarts -1 -- $Kit sleep 1 } | Should -Throw '*MaxRestarts*'
        Test-Path (Join-Path $Root 'bad-restarts') | Should -BeFalse
    }

    It 'refuses a second start of a running guardian, naming its worker, and leaves it running' {
        $running = Get-HeroGuardian http
        $err = $null
        try { Start-HeroGuardian -Name http -KeepAlive -ErrorAction Stop -- $Kit sleep 1 } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeLike 'HeroGuardianAlreadyRunning*'
        $err.Exception.Message | Should -Match "worker process $($running.WorkerPid)"
        $after = Get-HeroGuardian http
        $after.WorkerPid | Should -Be $running.WorkerPid
        $after.State | Should -BeIn 'Running', 'Backoff'
        Test-ProcessAlive -Id $running.WorkerPid | Should -BeTrue
    }

    It 'refuses a script block' {
        $err = $null
        try { Start-HeroGuardian -Name bad-block -KeepAlive -ScriptBlock { 1 } -ErrorAction Stop } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeLike 'HeroGuardianInvalidParameter*'
        $err.TargetObject | Should -Be 'ScriptBlock'
    }
}
