#Requires -Modules Pester
# Retries with backoff and jitter, deadlines around them, Invoke-HeroRetry with its circuit
# breaker, and heartbeats: all against real processes and real files.

BeforeDiscovery {
    $script:OnUnix = -not $IsWindows
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')

    # A child that appends its start time (seconds, microsecond resolution) to a file, then fails.
    function Invoke-TimedFailure {
        param([string] $StampFile, [hashtable] $Retry)
        $stamp = 'use Time::HiRes qw(time); open(my $f, ">>", $ARGV[0]) or die; printf $f "%.6f\n", time; close $f; exit 1'
        Invoke-HeroTask perl -ArgumentList '-e', $stamp, $StampFile -Quiet -ErrorAction SilentlyContinue @Retry
    }

    function Get-Gaps {
        param([string] $StampFile)
        $stamps = @(Get-Content -LiteralPath $StampFile | ForEach-Object { [double]$_ })
        for ($i = 1; $i -lt $stamps.Count; $i++) { $stamps[$i] - $stamps[$i - 1] }
    }

    # The waits Hero chose, read back from its verbose narration ("retrying in 118ms").
    function Get-ChosenDelays {
        param([object[]] $Verbose)
        foreach ($record in $Verbose) {
            if ("$record" -match 'retrying in (\d+) ?ms') { [int]$Matches[1] / 1000 }
            elseif ("$record" -match 'retrying in ([\d.]+)s') { [double]$Matches[1] }
        }
    }
}

Describe 'Invoke-HeroTask retries' -Skip:(-not $OnUnix) {
    It 'succeeds on the third attempt of a script that fails twice' {
        $state = Join-Path $TestDrive 'attempts.txt'
        $result = Invoke-HeroTask sh -ArgumentList '-c', 'echo x >> "$1"; [ $(wc -l < "$1") -ge 3 ]', 'sh', $state `
            -RetryCount 3 -RetryDelay 0.2 -Quiet
        $result.Status | Should -Be 'Succeeded'
        $result.Attempts | Should -Be 3
        (Get-Content -LiteralPath $state).Count | Should -Be 3
    }

    It 'spaces attempts exponentially: 0.1, 0.2, 0.4, 0.8 s without jitter' {
        $stamps = Join-Path $TestDrive 'exp.txt'
        $result = Invoke-TimedFailure -StampFile $stamps -Retry @{ RetryCount = 4; RetryDelay = 0.1; NoJitter = $true }
        $result.Attempts | Should -Be 5
        $gaps = @(Get-Gaps $stamps)
        $expected = 0.1, 0.2, 0.4, 0.8
        for ($i = 0; $i -lt 4; $i++) {
            $gaps[$i] | Should -BeGreaterOrEqual ($expected[$i] - 0.02)
            $gaps[$i] | Should -BeLessOrEqual ($expected[$i] + 0.4)
        }
    }

    It 'never waits longer than -MaxRetryDelay' {
        $stamps = Join-Path $TestDrive 'capped.txt'
        $null = Invoke-TimedFailure -StampFile $stamps -Retry @{ RetryCount = 4; RetryDelay = 0.1; MaxRetryDelay = 0.25; NoJitter = $true }
        foreach ($gap in Get-Gaps $stamps) {
            $gap | Should -BeLessOrEqual (0.25 + 0.4)
        }
        (Get-Gaps $stamps)[-1] | Should -BeGreaterOrEqual 0.23
    }

    It 'follows the <Backoff> curve' -ForEach @(
        @{ Backoff = 'Linear'; Expected = 0.1, 0.2, 0.3 }
        @{ Backoff = 'Constant'; Expected = 0.1, 0.1, 0.1 }
    ) {
        $stamps = Join-Path $TestDrive "$Backoff.txt"
        $null = Invoke-TimedFailure -StampFile $stamps -Retry @{ RetryCount = 3; RetryDelay = 0.1; NoJitter = $true; RetryBackoff = $Backoff }
        $gaps = @(Get-Gaps $stamps)
        for ($i = 0; $i -lt 3; $i++) {
            $gaps[$i] | Should -BeGreaterOrEqual ($Expected[$i] - 0.02)
            $gaps[$i] | Should -BeLessOrEqual ($Expected[$i] + 0.4)
        }
    }

    It 'jitters waits inside [half, full] of the nominal delay, differently on every run' {
        $runs = foreach ($run in 1..20) {
            $verbose = Invoke-HeroTask false -RetryCount 2 -RetryDelay 0.1 -Quiet -ErrorAction SilentlyContinue -Verbose 4>&1 |
                Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
            $delays = @(Get-ChosenDelays $verbose)
            $delays.Count | Should -Be 2
            $delays[0] | Should -BeGreaterOrEqual 0.05
            $delays[0] | Should -BeLessOrEqual 0.1
            $delays[1] | Should -BeGreaterOrEqual 0.1
            $delays[1] | Should -BeLessOrEqual 0.2
            $delays -join ','
        }
        @($runs | Select-Object -Unique).Count | Should -BeGreaterThan 1
    }

    It 'retries only the exit codes in -RetryOnExitCode' {
        (Invoke-HeroTask sh -ArgumentList '-c', 'exit 75' -RetryCount 2 -RetryDelay 0.05 -RetryOnExitCode 75 -ErrorAction SilentlyContinue).Attempts | Should -Be 3
        (Invoke-HeroTask sh -ArgumentList '-c', 'exit 1' -RetryCount 2 -RetryDelay 0.05 -RetryOnExitCode 75 -ErrorAction SilentlyContinue).Attempts | Should -Be 1
    }

    It 'retries an attempt that hit -AttemptTimeout only with -RetryOnTimeout' {
        $with = Invoke-HeroTask sleep 10 -AttemptTimeout 0.5 -GracePeriod 0.5 -RetryCount 2 -RetryDelay 0.05 -RetryOnTimeout -ErrorAction SilentlyContinue
        $with.Attempts | Should -Be 3
        $with.Status | Should -Be 'TimedOut'
        $without = Invoke-HeroTask sleep 10 -AttemptTimeout 0.5 -GracePeriod 0.5 -RetryCount 2 -RetryDelay 0.05 -ErrorAction SilentlyContinue
        $without.Attempts | Should -Be 1
        $without.Status | Should -Be 'TimedOut'
        $without.ExitCode | Should -Be 124
    }

    It 'lets -RetryIf decide per attempt, with the attempt result as $_' {
        $flaky = Invoke-HeroTask sh -ArgumentList '-c', 'echo flaky; exit 1' -RetryCount 2 -RetryDelay 0.05 -Quiet `
            -RetryIf { $_.StdOut -match 'flaky' } -ErrorAction SilentlyContinue
        $flaky.Attempts | Should -Be 3
        $broken = Invoke-HeroTask sh -ArgumentList '-c', 'echo broken; exit 1' -RetryCount 2 -RetryDelay 0.05 -Quiet `
            -RetryIf { $_.StdOut -match 'flaky' } -ErrorAction SilentlyContinue
        $broken.Attempts | Should -Be 1
    }

    It 'treats the codes in -SuccessExitCode as success' {
        $result = Invoke-HeroTask sh -ArgumentList '-c', 'exit 2' -SuccessExitCode 0, 2 -RetryCount 3
        $result.Status | Should -Be 'Succeeded'
        $result.Attempts | Should -Be 1
        $result.ExitCode | Should -Be 2
    }

    It 'ends TimedOut by -Timeout + grace + 1 s when retries would take longer' {
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $result = Invoke-HeroTask sleep 2 -RetryCount 10 -RetryDelay 1 -RetryOnTimeout -AttemptTimeout 1.5 -Timeout 3 -GracePeriod 1 -ErrorAction SilentlyContinue
        $clock.Stop()
        $result.Status | Should -Be 'TimedOut'
        $result.ExitCode | Should -Be 124
        $clock.Elapsed.TotalSeconds | Should -BeLessThan (3 + 1 + 1)
    }

    It 'ends within 1 s when stopped (Ctrl+C) during a retry wait, with nothing left running' {
        $pidFile = Join-Path $TestDrive 'retry-wait-pids.txt'
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                param($module, $pidFile)
                Import-Module $module
                Invoke-HeroTask sh -ArgumentList '-c', 'echo $$ >> "$1"; exit 1', 'sh', $pidFile -RetryCount 5 -RetryDelay 30 -NoJitter -Verbose
            }).AddArgument($ModuleManifest).AddArgument($pidFile)
            $async = $ps.BeginInvoke()
            Wait-Until { @($ps.Streams.Verbose | Where-Object { "$_" -match 'retrying in' }).Count -ge 1 } -TimeoutSeconds 15 | Should -BeTrue
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 1
            $async.IsCompleted | Should -BeTrue
            Get-LiveProcessIds (Read-PidFile $pidFile) | Should -BeNullOrEmpty
        }
        finally {
            $ps.Dispose()
        }
    }
}

Describe 'Invoke-HeroRetry' {
    BeforeEach {
        $script:runs = 0
    }

    It 'returns the output of the attempt that succeeded' {
        $output = Invoke-HeroRetry { $script:runs++; if ($script:runs -lt 3) { throw "not yet $script:runs" }; "done after $script:runs" } -RetryDelay 0.05
        $output | Should -Be 'done after 3'
    }

    It 'sees the variables of the calling scope' {
        function Test-Caller { $local = 'from caller'; Invoke-HeroRetry { "saw: $local" } }
        Test-Caller | Should -Be 'saw: from caller'
    }

    It 'counts an error record written by the block as a failed attempt' {
        $output = Invoke-HeroRetry { $script:runs++; if ($script:runs -lt 2) { Write-Error 'soft failure' }; 'ok' } -RetryDelay 0.05 -ErrorAction Stop
        $output | Should -Be 'ok'
        $script:runs | Should -Be 2
    }

    It 'raises HeroRetryExhausted with attempts, elapsed time and the last error' {
        $caught = $null
        try {
            Invoke-HeroRetry { $script:runs++; throw "failure $script:runs" } -RetryCount 2 -RetryDelay 0.05
        }
        catch {
            $caught = $_
        }
        $caught.FullyQualifiedErrorId | Should -BeLike 'HeroRetryExhausted,*'
        $caught.Exception.Attempts | Should -Be 3
        $caught.Exception.Elapsed | Should -BeOfType [timespan]
        $caught.Exception.LastError | Should -BeOfType [System.Management.Automation.ErrorRecord]
        $caught.Exception.LastError.Exception.Message | Should -Be 'failure 3'
    }

    It 'runs once when -RetryIf says no, and passes the error record as $_' {
        { Invoke-HeroRetry { $script:runs++; throw 'permanent' } -RetryCount 5 -RetryIf { $script:seenError = $_; $false } } |
            Should -Throw -ErrorId 'HeroRetryExhausted*'
        $script:runs | Should -Be 1
        $script:seenError | Should -BeOfType [System.Management.Automation.ErrorRecord]
    }

    It 'stops an attempt at -AttemptTimeout' {
        $clock = [Diagnostics.Stopwatch]::StartNew()
        { Invoke-HeroRetry { Start-Sleep -Seconds 30 } -RetryCount 1 -RetryDelay 0.05 -AttemptTimeout 0.5 } |
            Should -Throw -ErrorId 'HeroRetryExhausted*'
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 4
    }

    It 'opens a circuit after the threshold, fails fast without running the block, then lets one probe through' {
        $name = "circuit-$([guid]::NewGuid())"
        foreach ($i in 1..3) {
            { Invoke-HeroRetry { $script:runs++; throw 'down' } -RetryCount 0 -CircuitName $name -CircuitFailureThreshold 3 -CircuitBreakDuration 1 } |
                Should -Throw -ErrorId 'HeroRetryExhausted*'
        }
        (Get-HeroCircuit -Name $name).State | Should -Be 'Open'

        { Invoke-HeroRetry { $script:runs++ } -RetryCount 0 -CircuitName $name -CircuitFailureThreshold 3 -CircuitBreakDuration 1 } |
            Should -Throw -ErrorId 'HeroCircuitOpen*'
        $script:runs | Should -Be 3

        Start-Sleep -Milliseconds 1100
        Invoke-HeroRetry { $script:runs++; 'probe' } -RetryCount 0 -CircuitName $name -CircuitFailureThreshold 3 -CircuitBreakDuration 1 |
            Should -Be 'probe'
        $script:runs | Should -Be 4
        (Get-HeroCircuit -Name $name).State | Should -Be 'Closed'
    }

    It 'shares an open circuit with a second pwsh process through -CircuitStatePath' {
        $statePath = Join-Path $TestDrive 'circuits.json'
        foreach ($i in 1..2) {
            { Invoke-HeroRetry { throw 'down' } -RetryCount 0 -CircuitName shared -CircuitFailureThreshold 2 -CircuitBreakDuration 60 -CircuitStatePath $statePath } |
                Should -Throw
        }
        $script = Join-Path $TestDrive 'second.ps1'
        Set-Content -LiteralPath $script -Value @'
param($Module, $StatePath)
Import-Module $Module
try {
    Invoke-HeroRetry { 'ran' } -CircuitName shared -CircuitStatePath $StatePath
}
catch {
    $_.FullyQualifiedErrorId.Split(',')[0]
}
(Get-HeroCircuit -CircuitStatePath $StatePath -Name shared).State
'@
        $result = Invoke-ChildPwsh -ScriptPath $script -Arguments $ModuleManifest, $statePath -Timeout 60
        $lines = $result.StdOut.Trim() -split "`r?`n"
        $lines | Should -Be @('HeroCircuitOpen', 'Open')
    }

    It 'keeps a shared state file consistent under concurrent writers' {
        $statePath = Join-Path $TestDrive 'busy-circuits.json'
        $jobs = foreach ($worker in 1..4) {
            Start-ThreadJob -ArgumentList $ModuleManifest, $statePath, $worker -ScriptBlock {
                param($module, $statePath, $worker)
                Import-Module $module
                foreach ($i in 1..10) {
                    try { Invoke-HeroRetry { throw 'x' } -RetryCount 0 -CircuitName "w$worker" -CircuitFailureThreshold 1000 -CircuitStatePath $statePath } catch { }
                }
            }
        }
        $null = $jobs | Wait-Job -Timeout 60
        $jobs | Remove-Job -Force
        $circuits = Get-HeroCircuit -CircuitStatePath $statePath
        $circuits.Count | Should -Be 4
        $circuits.ConsecutiveFailures | Should -Be @(10, 10, 10, 10)
    }
}

Describe 'Heartbeats' -Skip:(-not $OnUnix) {
    It 'writes progress records and heartbeat log events while a silent task runs' {
        $log = Join-Path $TestDrive 'heartbeats.clef'
        Set-HeroLogging -Path $log
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                param($module)
                Import-Module $module
                Invoke-HeroTask sleep 3 -HeartbeatInterval 1 -Quiet
            }).AddArgument($ModuleManifest)
            $result = $ps.Invoke()
            $result[0].Status | Should -Be 'Succeeded'
            $running = @($ps.Streams.Progress | Where-Object { $_.RecordType -eq 'Processing' -and $_.StatusDescription -match 'running' })
            $running.Count | Should -BeGreaterOrEqual 2
            $running[0].Activity | Should -Be 'sleep'
            $running[0].StatusDescription | Should -Match 'last output'
            $beats = @(Get-HeroLog -Path $log -Task sleep | Where-Object { $_.Properties.Heartbeat })
            $beats.Count | Should -BeGreaterOrEqual 2
            $beats[0].Properties.ElapsedMs | Should -BeGreaterThan 0
            $beats[0].Properties.ContainsKey('TreeMemoryBytes') | Should -BeTrue
        }
        finally {
            $ps.Dispose()
            Set-HeroLogging -DisableFile
        }
    }

    It 'prints heartbeat lines in a non-interactive pwsh only while the task is silent' {
        $script = Join-Path $TestDrive 'beats.ps1'
        Set-Content -LiteralPath $script -Value @'
param($Module, $Command)
Import-Module $Module
$null = Invoke-HeroTask -Command $Command -Shell -HeartbeatInterval 1 -Quiet
'@
        $silent = Invoke-ChildPwsh -ScriptPath $script -Arguments $ModuleManifest, 'sleep 3' -Timeout 60
        @($silent.StdOut -split "`n" | Where-Object { $_ -match 'heartbeat' }).Count | Should -BeGreaterOrEqual 2

        $chatty = Invoke-ChildPwsh -ScriptPath $script -Arguments $ModuleManifest, 'i=0; while [ $i -lt 15 ]; do echo tick; sleep 0.2; i=$((i+1)); done' -Timeout 60
        @($chatty.StdOut -split "`n" | Where-Object { $_ -match 'heartbeat' }).Count | Should -Be 0
    }

    It 'raises Hero.Heartbeat events on the interval and reports steps as progress' {
        Get-Event -SourceIdentifier Hero.Heartbeat -ErrorAction SilentlyContinue | Remove-Event
        $heartbeat = Start-HeroHeartbeat -Name 'long loop' -Interval 0.2 -TotalSteps 4
        foreach ($step in 1..4) {
            Start-Sleep -Milliseconds 250
            Update-HeroHeartbeat -Heartbeat $heartbeat -Step $step -Status "item $step"
        }
        Stop-HeroHeartbeat -Heartbeat $heartbeat -Status Completed
        $events = @(Get-Event -SourceIdentifier Hero.Heartbeat)
        $events.Count | Should -BeGreaterOrEqual 3
        $events[-1].MessageData.Name | Should -Be 'long loop'
        $heartbeat.State | Should -Be 'Completed'
        $heartbeat.Step | Should -Be 4
        $count = $heartbeat.Beats
        Start-Sleep -Milliseconds 500
        $heartbeat.Beats | Should -Be $count
        $events | Remove-Event
    }

    It 'stops by itself after -MaxRuntime' {
        $heartbeat = Start-HeroHeartbeat -Name capped -Interval 0.1 -MaxRuntime 0.4
        Wait-Until { $heartbeat.State -eq 'Expired' } -TimeoutSeconds 5 | Should -BeTrue
        $beats = $heartbeat.Beats
        Start-Sleep -Milliseconds 400
        $heartbeat.Beats | Should -Be $beats
        Get-Event -SourceIdentifier Hero.Heartbeat -ErrorAction SilentlyContinue | Remove-Event
    }

    It 'is disposed when its runspace closes' {
        $runspace = [runspacefactory]::CreateRunspace()
        $runspace.Open()
        $ps = [powershell]::Create()
        $ps.Runspace = $runspace
        $null = $ps.AddScript({ param($module) Import-Module $module; Start-HeroHeartbeat -Name orphan -Interval 0.1 }).AddArgument($ModuleManifest)
        $heartbeat = $ps.Invoke()[0]
        $heartbeat.State | Should -Be 'Running'
        $ps.Dispose()
        $runspace.Close()
        $runspace.Dispose()
        $heartbeat.State | Should -Be 'Cancelled'
        $beats = $heartbeat.Beats
        Start-Sleep -Milliseconds 400
        $heartbeat.Beats | Should -Be $beats
    }

    It 'does not keep a pwsh process alive' {
        $pwsh = Get-TestPwsh
        $command = "Import-Module '$ModuleManifest'; `$null = Start-HeroHeartbeat -Name forgotten -Interval 0.1; 'started'"
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $result = Invoke-HeroTask -FilePath $pwsh[0] -ArgumentList (@($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-Command', $command)) -Quiet -Timeout 30
        $result.Status | Should -Be 'Succeeded'
        $result.StdOut | Should -Match 'started'
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 15
    }
}

Describe 'Resilience parameter validation' {
    It 'rejects <Parameter> <Value> as a binding error naming the parameter' -ForEach @(
        @{ Parameter = 'RetryCount'; Value = -1 }
        @{ Parameter = 'RetryDelay'; Value = 'soon' }
        @{ Parameter = 'RetryBackoff'; Value = 'Sideways' }
    ) {
        $splat = @{ $Parameter = $Value }
        $caught = $null
        try { Invoke-HeroTask true @splat } catch { $caught = $_ }
        $caught | Should -Not -BeNullOrEmpty
        $caught.Exception.Message | Should -Match $Parameter
        $caught.FullyQualifiedErrorId | Should -Match '^(ParameterArgumentValidationError|ParameterArgumentTransformationError|CannotConvertArgumentNoMessage)'
    }

    It 'ends the task with a clear error when -RetryIf throws' -Skip:(-not $OnUnix) {
        $result = Invoke-HeroTask false -RetryCount 3 -RetryDelay 0.05 -RetryIf { throw 'judge broke' } -ErrorVariable errs -ErrorAction SilentlyContinue
        $result.Attempts | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'HeroRetryIfFailed,*'
        $errs[0].Exception.Message | Should -Match 'judge broke'
    }
}
