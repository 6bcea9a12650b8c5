#Requires -Modules Pester
# Saying what happened: Ctrl+C, fail-fast, timeouts, heartbeats and retry waits, batch progress, and
# objects that read well.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
}

Describe 'Ctrl+C' {
    It 'leaves $LASTEXITCODE 130 and one warning that says what it stopped' {
        $ps = [powershell]::Create()
        try {
            $pidFile = Join-Path $TestDrive 'sleeper.pid'
            $null = $ps.AddScript({
                param($module, $kit, $pidFile)
                Import-Module $module
                $global:LASTEXITCODE = 5
                Invoke-HeroTask -Name sleeper -Quiet -- $kit pid $pidFile sleep 60
            }).AddArgument($ModuleManifest).AddArgument($Kit).AddArgument($pidFile)
            $async = $ps.BeginInvoke()
            Wait-Until { Test-Path -LiteralPath $pidFile } -TimeoutSeconds 20 | Should -BeTrue
            $ps.Stop()
            $async.IsCompleted | Should -BeTrue

            @($ps.Streams.Warning).Count | Should -Be 1
            $ps.Streams.Warning[0].Message | Should -Match "^Task 'sleeper' stopped by Ctrl\+C; ended \d+ process\(es\)\.$"
            $ps.Runspace.SessionStateProxy.GetVariable('LASTEXITCODE') | Should -Be 130
        }
        finally {
            $ps.Dispose()
        }
    }
}

Describe 'Messages' {
    It 'names the task whose failure made fail-fast cancel the others' {
        $errors = $null
        $null = @(
            @{ Name = 'breaks'; FilePath = $Kit; ArgumentList = 'sleep', '0.3', 'exit', '3' }
            @{ Name = 'long'; FilePath = $Kit; ArgumentList = 'sleep', '60' }
        ) | Invoke-HeroTask -FailFast -GracePeriod 1 -Quiet -ErrorVariable errors -ErrorAction SilentlyContinue

        $cancelled = @($errors | Where-Object { $_.TargetObject.Name -eq 'long' })
        $cancelled.Count | Should -Be 1
        $cancelled[0].Exception.Message | Should -BeLike "Task 'long' was cancelled by -FailFast after 'breaks' failed.*"
        $cancelled[0].Exception.Message | Should -Not -Match 'cancelled\. Cancelled'
    }

    It 'reports the deadline that fired, not a clock reading' {
        $result = Invoke-HeroTask -Timeout 1 -GracePeriod 0.5 -Quiet -ErrorAction SilentlyContinue -- $Kit sleep 10
        $result.Message | Should -BeLike "The task's timeout of 1s ran out.*"
        $attempt = Invoke-HeroTask -AttemptTimeout 0.5 -GracePeriod 0.5 -Quiet -ErrorAction SilentlyContinue -- $Kit sleep 10
        $attempt.Message | Should -BeLike "The attempt's timeout of 500ms ran out.*"
    }
}

Describe 'Progress' {
    It 'shows each field of a heartbeat once, and no output yet for a silent task' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                param($module, $kit)
                Import-Module $module
                $ProgressPreference = 'Continue'
                Invoke-HeroTask -HeartbeatInterval 0.5 -Timeout 30 -Quiet -- $kit sleep 2
            }).AddArgument($ModuleManifest).AddArgument($Kit)
            $null = $ps.Invoke()
            $beats = @($ps.Streams.Progress | Where-Object { $_.RecordType -eq 'Processing' -and $_.StatusDescription -like 'running*' })
        }
        finally {
            $ps.Dispose()
        }

        $beats.Count | Should -BeGreaterThan 0
        foreach ($beat in $beats) {
            $beat.StatusDescription | Should -Match 'no output yet'
            $beat.StatusDescription | Should -Not -Match 'last output'
            $beat.StatusDescription | Should -Not -Match ' left'
            $beat.SecondsRemaining | Should -BeGreaterThan 0
            $fields = $beat.StatusDescription -split ', ' | ForEach-Object { ($_ -split ' ')[0] }
            $fields.Count | Should -Be @($fields | Select-Object -Unique).Count
        }
    }

    It 'shows a retry wait with the attempt that failed and the time to the next one' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                param($module, $kit)
                Import-Module $module
                Invoke-HeroTask -Name flaky -RetryCount 1 -RetryDelay 1 -NoJitter -Quiet -ErrorAction SilentlyContinue -- $kit exit 3
            }).AddArgument($ModuleManifest).AddArgument($Kit)
            $null = $ps.Invoke()
            $wait = @($ps.Streams.Progress | Where-Object { $_.Activity -eq 'flaky' -and $_.StatusDescription -like 'attempt 1 failed*' })
        }
        finally {
            $ps.Dispose()
        }

        $wait.Count | Should -Be 1
        $wait[0].StatusDescription | Should -Be 'attempt 1 failed (exit code 3); attempt 2 of 2 in 1s'
        $wait[0].SecondsRemaining | Should -Be 1
    }

    It 'gives a batch a bar of its own over its tasks' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                param($module, $kit)
                Import-Module $module
                1..3 | ForEach-Object { @{ Name = "t$_"; FilePath = $kit; ArgumentList = 'sleep', '0.2' } } | Invoke-HeroTask -Name nightly -ThrottleLimit 2 -Quiet
            }).AddArgument($ModuleManifest).AddArgument($Kit)
            $null = $ps.Invoke()
            $batch = @($ps.Streams.Progress | Where-Object Activity -eq 'nightly')
        }
        finally {
            $ps.Dispose()
        }

        $batch.Count | Should -BeGreaterThan 0
        $batch[-1].StatusDescription | Should -Be '3 of 3 done, 0 failed'
        $batch[-1].RecordType | Should -Be 'Completed'
        $batch.StatusDescription | Where-Object { $_ -match 'running: t' } | Should -Not -BeNullOrEmpty
    }
}

Describe 'Objects that read well' {
    BeforeAll {
        $log = Join-Path $TestDrive 'spans.clef'
        Set-HeroLogging -Path $log
        $script:First = Invoke-HeroTask -Name first -RetryCount 1 -RetryDelay 0.05 -Quiet -ErrorAction SilentlyContinue -- $Kit exit 1
        $script:Second = Invoke-HeroTask -Name second -Quiet -- $Kit exit 0
        Set-HeroLogging -DisableFile
        $script:Log = $log
    }

    It 'gives each task its own span, and -SpanId returns only that task''s events, its attempts'' included' {
        $First.SpanId | Should -Match '^[0-9a-f]{16}$'
        $First.SpanId | Should -Not -Be $Second.SpanId
        $First.CorrelationId | Should -Be $Second.CorrelationId

        $events = @(Get-HeroLog -Path $Log -SpanId $First.SpanId)
        $events.Count | Should -BeGreaterThan 3
        $events.Task | Select-Object -Unique | Should -Be 'first'
        @($events | Where-Object Attempt -eq 2).Count | Should -BeGreaterThan 0

        $piped = @($Second | Get-HeroLog -Path $Log)
        $piped.Task | Select-Object -Unique | Should -Be 'second'
    }

    It 'shows log events in a table with the task and millisecond times' {
        $table = Get-HeroLog -Path $Log -Task first | Select-Object -First 1 | Format-Table | Out-String -Width 200
        $table | Should -Match 'Time\s+Level\s+Task\s+Attempt\s+Message'
        $table | Should -Match '\d{2}:\d{2}:\d{2}\.\d{3}\s+Information\s+first'
    }

    It 'has a table view for every result type it returns' -ForEach @(
        @{ Type = 'Hero.HeroTaskResult' }, @{ Type = 'Hero.HeroTaskDefinition' }, @{ Type = 'Hero.Logging.HeroLogEvent' },
        @{ Type = 'Hero.Resilience.HeroCircuitState' }, @{ Type = 'Hero.Heartbeats.HeroHeartbeat' }, @{ Type = 'Hero.HeroMeasurement' }
    ) {
        Get-FormatData -TypeName $Type | Should -Not -BeNullOrEmpty
    }
}

Describe 'Completion' {
    It 'offers durations, not file names, for a duration parameter' {
        $completion = TabExpansion2 -inputScript 'Invoke-HeroTask -Timeout 5' -cursorColumn 26
        $completion.CompletionMatches.CompletionText | Should -Contain '5m'
        $completion.CompletionMatches.CompletionText | Should -Not -Contain './5'
    }

    It 'offers the names of defined tasks for -DependsOn' {
        $null = New-HeroTask -Name completion-build-task -FilePath true
        $text = 'New-HeroTask -FilePath true -DependsOn completion-b'
        (TabExpansion2 -inputScript $text -cursorColumn $text.Length).CompletionMatches.CompletionText | Should -Contain 'completion-build-task'
    }

    It 'offers the circuits of a state file for Get-HeroCircuit -Name' {
        $state = Join-Path $TestDrive 'circuits.json'
        $null = try { Invoke-HeroRetry { throw 'x' } -RetryCount 0 -CircuitName completion-circuit -CircuitStatePath $state -ErrorAction Stop } catch { }
        $text = "Get-HeroCircuit -CircuitStatePath '$state' -Name completion-"
        (TabExpansion2 -inputScript $text -cursorColumn $text.Length).CompletionMatches.CompletionText | Should -Contain 'completion-circuit'
    }
}
