#Requires -Modules Pester
# What Invoke-HeroTask writes to the Hero log (CLEF events per task and attempt) and the trace
# context it hands to the child.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
}

AfterAll {
    Set-HeroLogging -DisableFile -MinimumLevel Information -Console Auto
}

Describe 'CLEF events of a task' {
    BeforeAll {
        $script:Log = Join-Path $TestDrive 'task.clef'
        $task = Invoke-LoggedFlakyTask -Log $Log -Marker (Join-Path $TestDrive 'first-attempt-done')
        $script:Correlation = $task.Correlation
        $script:Result = $task.Result
        $script:Lines = $task.Lines
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
}

Describe 'Correlation across processes' {
    It 'gives the child a TRACEPARENT with the session trace id, and HERO_CORRELATION_ID' {
        $result = Invoke-HeroTask -Quiet -- $Kit env TRACEPARENT env HERO_CORRELATION_ID
        $traceParent, $correlation = $result.StdOut.Trim() -split "`n" -replace '^\w+='
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
}
