#Requires -Modules Pester
# The Hero log: CLEF files, correlation across processes, concurrency, rolling, secrets, flushing.

BeforeDiscovery {
    $script:OnUnix = -not $IsWindows
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
}

AfterAll {
    Set-HeroLogging -DisableFile -MinimumLevel Information -Console Auto
}

Describe 'CLEF events of a task' -Skip:(-not $OnUnix) {
    BeforeAll {
        $script:Log = Join-Path $TestDrive 'task.clef'
        Set-HeroLogging -Path $Log -MinimumLevel Information
        $script:Correlation = New-HeroCorrelationId
        $marker = Join-Path $TestDrive 'first-attempt-done'
        # Attempt 1 fails with exit 1; attempt 2 hangs until the task's 2 s timeout ends it.
        $script:Result = Invoke-HeroTask sh -ArgumentList '-c', 'if [ -f "$1" ]; then sleep 30; fi; touch "$1"; exit 1', 'sh', $marker `
            -Name flaky-deploy -RetryCount 1 -RetryDelay 0.1 -Timeout 2 -GracePeriod 0.5 -CorrelationId $Correlation -Quiet -ErrorAction SilentlyContinue
        Invoke-HeroTask true -Name other-task -Quiet | Out-Null
        $script:Lines = @(Get-Content -LiteralPath $Log)
    }

    It 'ends the task as TimedOut after a failed first attempt' {
        $Result.Status | Should -Be 'TimedOut'
        $Result.Attempts | Should -Be 2
    }

    It 'writes one JSON object per line with @t, @mt, @l, @tr and @sp' {
        $Lines.Count | Should -BeGreaterOrEqual 6
        foreach ($line in $Lines) {
            $event = $line | ConvertFrom-Json -AsHashtable
            foreach ($field in '@t', '@mt', '@l', '@tr', '@sp') {
                $event.ContainsKey($field) | Should -BeTrue -Because "every event needs $field ($line)"
            }
            $event['@tr'] | Should -Match '^[0-9a-f]{32}$'
            $event['@sp'] | Should -Match '^[0-9a-f]{16}$'
            [DateTimeOffset]::Parse($event['@t']).Offset | Should -Be ([TimeSpan]::Zero)
        }
    }

    It 'names the task, the attempt and the exit code' {
        $events = $Lines | ForEach-Object { $_ | ConvertFrom-Json }
        $flaky = @($events | Where-Object Task -eq 'flaky-deploy')
        ($flaky.Attempt | Sort-Object -Unique) | Should -Be @(1, 2)
        ($flaky | Where-Object { $_.'@mt' -like '*retrying*' }).ExitCode | Should -Be 1
        ($flaky | Where-Object { $_.'@mt' -like '*finished*' }).ExitCode | Should -Be 124
        ($flaky | Where-Object { $_.'@mt' -like '*timed out*' }).'@l' | Should -Be 'Warning'
    }

    It 'reads the events back with Get-HeroLog and filters by correlation id, level and task' {
        $all = @(Get-HeroLog -Path $Log)
        $all.Count | Should -Be $Lines.Count
        $all[0] | Should -BeOfType ([Hero.Logging.HeroLogEvent])

        $byCorrelation = @(Get-HeroLog -Path $Log -CorrelationId $Correlation)
        $byCorrelation.Task | Sort-Object -Unique | Should -Be 'flaky-deploy'

        $warnings = @(Get-HeroLog -Path $Log -Level Warning)
        $warnings.Level | ForEach-Object { $_ | Should -BeIn 'Warning', 'Error' }
        $warnings.Count | Should -BeGreaterOrEqual 2

        @(Get-HeroLog -Path $Log -Task 'other-*').Task | Sort-Object -Unique | Should -Be 'other-task'
        @(Get-HeroLog -Path $Log -Since '1h').Count | Should -Be $all.Count
        @(Get-HeroLog -Path $Log -Since ([datetime]::UtcNow.AddMinutes(5))).Count | Should -Be 0
    }
}

Describe 'Correlation across processes' -Skip:(-not $OnUnix) {
    It 'gives the child a TRACEPARENT with the session trace id, and HERO_CORRELATION_ID' {
        $result = Invoke-HeroTask sh -ArgumentList '-c', 'echo "$TRACEPARENT"; echo "$HERO_CORRELATION_ID"' -Quiet
        $traceParent, $correlation = $result.StdOut.Trim() -split "`n"
        $traceParent | Should -Match '^00-[0-9a-f]{32}-[0-9a-f]{16}-01$'
        $session = (Get-HeroLogging).TraceId
        $traceParent.Split('-')[1] | Should -Be $session
        $correlation | Should -Be $session
        $result.CorrelationId | Should -Be $session
    }

    It 'lets a nested pwsh log under the same trace id into the same file' {
        $log = Join-Path $TestDrive 'nested.clef'
        Set-HeroLogging -Path $log
        $script = Join-Path $TestDrive 'nested.ps1'
        Set-Content -LiteralPath $script -Value @'
param($Module, $Log)
Import-Module $Module
Set-HeroLogging -Path $Log
Write-HeroLog 'hello from the nested script'
'@
        $result = Invoke-ChildPwsh -ScriptPath $script -Arguments $ModuleManifest, $log
        $result.Status | Should -Be 'Succeeded'
        $nested = @(Get-HeroLog -Path $log | Where-Object Message -eq 'hello from the nested script')
        $nested.Count | Should -Be 1
        $nested[0].TraceId | Should -Be (Get-HeroLogging).TraceId
        $started = Get-HeroLog -Path $log | Where-Object { $_.MessageTemplate -like '*started*' } | Select-Object -Last 1
        $started.TraceId | Should -Be $nested[0].TraceId
    }

    It 'adopts the trace id of the TRACEPARENT a session starts with' {
        $script = Join-Path $TestDrive 'adopt.ps1'
        Set-Content -LiteralPath $script -Value @'
param($Module)
Import-Module $Module
(Get-HeroLogging).TraceId
'@
        $trace = '4bf92f3577b34da6a3ce929d0e0e4736'
        $result = Invoke-ChildPwsh -ScriptPath $script -Arguments $ModuleManifest -Environment @{ TRACEPARENT = "00-$trace-00f067aa0ba902b7-01" }
        $result.StdOut.Trim() | Should -Be $trace
    }
}

Describe 'Concurrent writers and rolling files' -Skip:(-not $OnUnix) {
    It 'keeps 40,000 events from eight pwsh processes whole and complete' {
        $log = Join-Path $TestDrive 'shared.clef'
        $script = Join-Path $TestDrive 'writer.ps1'
        Set-Content -LiteralPath $script -Value @'
param($Module, $Log, $Worker)
Import-Module $Module
Set-HeroLogging -Path $Log -MaxFileSize 200MB
1..5000 | ForEach-Object { "worker {Worker} event {N} " + ('x' * 40) } | Write-HeroLog -Properties @{ Worker = [int]$Worker; N = 0 }
'@
        $pwsh = Get-TestPwsh
        $launch = ($pwsh | ForEach-Object { "'$_'" }) -join ' '
        $command = "for w in 1 2 3 4 5 6 7 8; do $launch -NoProfile -NonInteractive -File '$script' '$ModuleManifest' '$log' `$w & done; wait"
        $result = Invoke-HeroTask -Command $command -Shell -Quiet -Timeout 300
        $result.Status | Should -Be 'Succeeded'

        $lines = [IO.File]::ReadAllLines($log)
        $lines.Count | Should -Be 40000
        $perWorker = @{}
        foreach ($line in $lines) {
            $event = $line | ConvertFrom-Json
            $perWorker[[int]$event.Worker]++
        }
        $perWorker.Keys.Count | Should -Be 8
        $perWorker.Values | ForEach-Object { $_ | Should -Be 5000 }
    }

    It 'rolls at -MaxFileSize and keeps at most -RetainedFileCount files' {
        $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'rolling') -Force
        $log = Join-Path $folder.FullName 'roll.clef'
        Set-HeroLogging -Path $log -MaxFileSize 1MB -RetainedFileCount 3
        $padding = 'p' * 1000
        1..10000 | ForEach-Object { "event {N} $padding" } | Write-HeroLog
        Set-HeroLogging -DisableFile
        $files = @(Get-ChildItem -LiteralPath $folder.FullName -Filter 'roll*.clef')
        $files.Count | Should -BeLessOrEqual 3
        $files.Count | Should -BeGreaterThan 1
        foreach ($file in $files) { $file.Length | Should -BeLessOrEqual (1MB + 4KB) }
        @(Get-HeroLog -Path $log).Count | Should -BeGreaterThan 1000
    }
}

Describe 'Secrets' -Skip:(-not $OnUnix) {
    It 'never writes a secret to the log, an error message, a result Command or CI output' {
        $log = Join-Path $TestDrive 'secrets.clef'
        $script = Join-Path $TestDrive 'secrets.ps1'
        Set-Content -LiteralPath $script -Value @'
param($Module, $Log)
$ErrorActionPreference = 'Continue'
Import-Module $Module
Set-HeroLogging -Path $Log -Console On
Write-HeroLog 'Connecting as {User}' -Properties @{ User = 'deploy'; password = 'hunter2'; apiToken = 'abc123' }
Register-HeroSecret 'tok-77-registered'
$r = Invoke-HeroTask sh -ArgumentList '-c', 'echo "arg=$1 env=$SECRET_KEY"; echo "err $1" >&2; exit 4', 'sh', 'tok-77-registered' -Environment @{ SECRET_KEY = 's3cr3t-env' }
"COMMAND: $($r.Command)"
"STDOUT: $($r.StdOut)"
$r = Invoke-HeroTask sh -ArgumentList '-c', 'echo tok-77-registered; exit 9' -ErrorAction SilentlyContinue -ErrorVariable failure
"ERROR: $($failure[0].Exception.Message)"
Write-HeroLog 'Token {Token} and password=hunter2' -Properties @{ Token = 'tok-77-registered' } -Level Warning
'@
        $result = Invoke-ChildPwsh -ScriptPath $script -Arguments $ModuleManifest, $log
        $shown = $result.StdOut + $result.StdErr
        $shown | Should -Match 'COMMAND: '
        $shown | Should -Match 'ERROR: '
        $logText = Get-Content -LiteralPath $log -Raw
        $logText | Should -Match 'Connecting as'
        foreach ($secret in 'hunter2', 'abc123', 's3cr3t-env', 'tok-77-registered') {
            $shown | Should -Not -Match ([regex]::Escape($secret)) -Because "CI output must not show $secret"
            $logText | Should -Not -Match ([regex]::Escape($secret)) -Because "the log must not hold $secret"
        }
        $shown | Should -Match '\*\*\*'
    }
}

Describe 'Flushing at the end of a process' -Skip:(-not $OnUnix) {
    It 'keeps all 1,000 events when pwsh ends <How>' -ForEach @(
        @{ How = 'normally'; Tail = '' }
        @{ How = 'with exit 3'; Tail = 'exit 3' }
    ) {
        $log = Join-Path $TestDrive "exit-$($How -replace '\W', '').clef"
        $script = Join-Path $TestDrive "exit-$($How -replace '\W', '').ps1"
        Set-Content -LiteralPath $script -Value @"
param(`$Module, `$Log)
Import-Module `$Module
Set-HeroLogging -Path `$Log
foreach (`$i in 1..1000) { Write-HeroLog 'event {N}' -Properties @{ N = `$i } }
$Tail
"@
        $null = Invoke-ChildPwsh -ScriptPath $script -Arguments $ModuleManifest, $log
        @(Get-Content -LiteralPath $log).Count | Should -Be 1000
    }

    It 'keeps every accepted event when pwsh is stopped with Ctrl+C in the middle of a task' {
        $log = Join-Path $TestDrive 'ctrlc.clef'
        $pidFile = Join-Path $TestDrive 'ctrlc.pid'
        $script = Join-Path $TestDrive 'ctrlc.ps1'
        Set-Content -LiteralPath $script -Value @'
param($Module, $Log, $PidFile)
Import-Module $Module
Set-HeroLogging -Path $Log
1..1000 | ForEach-Object { "before {N}" } | Write-HeroLog -Properties @{ N = 1 }
Set-Content -LiteralPath $PidFile -Value $PID
Invoke-HeroTask sleep 60 -Name long-sleep -GracePeriod 1 -Quiet
'@
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                param($module, $script, $log, $pidFile, $pwsh)
                Import-Module $module
                Invoke-HeroTask -FilePath $pwsh[0] -ArgumentList (@($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $script, $module, $log, $pidFile)) -Quiet -Timeout 60
            }).AddArgument($ModuleManifest).AddArgument($script).AddArgument($log).AddArgument($pidFile).AddArgument((Get-TestPwsh))
            $async = $ps.BeginInvoke()
            Wait-Until { (Test-Path $log) -and (Select-String -LiteralPath $log -Pattern 'long-sleep' -Quiet) } -TimeoutSeconds 60 | Should -BeTrue
            $childPid = [int](Get-Content -LiteralPath $pidFile)
            kill -INT $childPid
            Wait-Until { $async.IsCompleted } -TimeoutSeconds 20 | Should -BeTrue
        }
        finally {
            $ps.Dispose()
        }
        $events = @(Get-HeroLog -Path $log)
        @($events | Where-Object Message -like 'before*').Count | Should -Be 1000
        $last = $events | Where-Object Task -eq 'long-sleep' | Select-Object -Last 1
        $last.Properties.Status | Should -Be 'Cancelled'
    }
}

Describe 'What reaches the host' {
    BeforeEach {
        Set-HeroLogging -DisableFile -Console Auto
    }

    It 'shows warnings and errors in Auto mode, and information only with -Verbose' {
        Write-HeroLog 'careful {What}' -Level Warning -Properties @{ What = 'disk' } -WarningVariable warnings 3>$null
        $warnings[0].Message | Should -Be 'careful disk'

        Write-HeroLog 'broken' -Level Error -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'HeroLogError,*'

        $quiet = Write-HeroLog 'just so you know' 6>&1 4>&1
        $quiet | Should -BeNullOrEmpty
        $verbose = Write-HeroLog 'just so you know' -Verbose 4>&1
        $verbose.Message | Should -Be 'just so you know'
    }

    It 'shows information in the host with -Console On' {
        Set-HeroLogging -Console On
        $shown = Write-HeroLog 'now you see me' 6>&1
        "$shown" | Should -Be 'now you see me'
    }
}

Describe 'Logging problems' -Skip:(-not $OnUnix) {
    It 'warns once about a log path in a read-only folder and still runs tasks' {
        $folder = Get-UnwritableFolder -Parent $TestDrive
        Set-HeroLogging -Path (Join-Path $folder 'hero.clef') -WarningVariable warnings 3>$null
        $warnings.Count | Should -Be 1
        $warnings[0].Message | Should -Match 'cannot write the log file'
        (Invoke-HeroTask true -Quiet).Status | Should -Be 'Succeeded'
        (Get-HeroLogging).FileError | Should -Not -BeNullOrEmpty
    }

    It 'rejects -MinimumLevel Loud as a binding error' {
        { Set-HeroLogging -MinimumLevel Loud } | Should -Throw -ErrorId 'CannotConvertArgumentNoMessage*'
    }

    It 'rejects a -Path that is a directory, naming -Path' {
        { Set-HeroLogging -Path $TestDrive } | Should -Throw -ExpectedMessage '*-Path*'
    }

    It 'reports a malformed line with its line number, skips it and reads the rest' {
        $log = Join-Path $TestDrive 'broken.clef'
        Set-Content -LiteralPath $log -Value @(
            '{"@t":"2026-01-01T00:00:00Z","@mt":"first"}'
            'this is not json'
            '{"@t":"2026-01-01T00:00:01Z","@mt":"third {N}","N":3}'
        )
        $events = @(Get-HeroLog -Path $log -ErrorVariable problems -ErrorAction SilentlyContinue)
        $events.Message | Should -Be @('first', 'third 3')
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'HeroLogInvalidLine,*'
        $problems[0].Exception.Message | Should -Match 'broken\.clef:2'
    }
}
