#Requires -Modules Pester
# Invoke-HeroTask -ScriptBlock: runspace pools with $using:, timeouts of blocking calls, errors,
# and -Isolation Process.

BeforeDiscovery {
    $script:OnUnix = -not $IsWindows
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
}

Describe 'Script blocks' {
    It 'runs 100 blocks with $using: values at -ThrottleLimit 8, each returning its own value' {
        $offset = 1000
        $results = 1..100 | Invoke-HeroTask -ScriptBlock { $_ + $using:offset } -ThrottleLimit 8
        $results.Count | Should -Be 100
        $values = $results | Sort-Object { [int]($_.Name -replace '\D') } | ForEach-Object { $_.Output[0] }
        $values | Should -Be (1001..1100)
        @($results | Where-Object Status -ne 'Succeeded') | Should -BeNullOrEmpty
    }

    It 'prepares the pool with -ImportModule and -InitializationScript' {
        $results = 1..3 | Invoke-HeroTask -ScriptBlock { "$(Get-Greeting) $_ $((Get-Command Invoke-HeroTask).Name)" } `
            -InitializationScript { function Get-Greeting { 'hello' } } -ImportModule $ModuleManifest
        ($results | Sort-Object Name).Output | Should -Be @('hello 1 Invoke-HeroTask', 'hello 2 Invoke-HeroTask', 'hello 3 Invoke-HeroTask')
    }

    It 'reports a block stuck in a blocking call as TimedOut within timeout + grace + 2 s, and returns' {
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $result = Invoke-HeroTask -ScriptBlock { [Threading.Thread]::Sleep(60000) } -Timeout 2 -GracePeriod 1 -ErrorAction SilentlyContinue
        $clock.Stop()
        $result.Status | Should -Be 'TimedOut'
        $result.ExitCode | Should -Be 124
        $result.Message | Should -Match 'abandoned'
        $clock.Elapsed.TotalSeconds | Should -BeLessThan (2 + 1 + 2)
    }

    It 'fails a block that throws or writes an error' {
        $results = @(
            New-HeroTask -Name throws -ScriptBlock { throw 'boom' }
            New-HeroTask -Name writes -ScriptBlock { Write-Error 'soft'; 'still here' }
            New-HeroTask -Name fine -ScriptBlock { 'ok' }
        ) | Invoke-HeroTask -ErrorAction SilentlyContinue
        ($results | Where-Object Name -eq 'throws').Status | Should -Be 'Failed'
        ($results | Where-Object Name -eq 'throws').Message | Should -Match 'boom'
        ($results | Where-Object Name -eq 'writes').Status | Should -Be 'Failed'
        ($results | Where-Object Name -eq 'fine').Status | Should -Be 'Succeeded'
    }

    It 'runs blocks in a child pwsh with -Isolation Process' -Skip:(-not $OnUnix) {
        $factor = 3
        $results = 1..2 | Invoke-HeroTask -ScriptBlock { [pscustomobject]@{ Value = $_ * $using:factor; Pid = $PID } } -Isolation Process
        $results.Count | Should -Be 2
        ($results | Sort-Object Name).Output.Value | Should -Be @(3, 6)
        $results.Output.Pid | ForEach-Object { $_ | Should -Not -Be $PID }
    }
}

Describe 'Script block inputs and errors' {
    It 'keeps the properties of a [pscustomobject] given as $_ or $using:' {
        $item = [pscustomobject]@{ Name = 'widget'; Count = 3 }
        (Invoke-HeroTask -ScriptBlock { "$($using:item.Name) x$($using:item.Count)" }).Output | Should -Be 'widget x3'
        ($item | Invoke-HeroTask -ScriptBlock { "$($_.Name) x$($_.Count)" }).Output | Should -Be 'widget x3'
        (Invoke-HeroTask -ScriptBlock { $_.Name } -InputObject $item).Output | Should -Be 'widget'
    }

    It 'keeps $null among the output objects' {
        (Invoke-HeroTask -ScriptBlock { $null; 1 }).Output.Count | Should -Be 2
    }

    It 'reports the block''s own error, not the call that ran it' {
        $result = Invoke-HeroTask -ScriptBlock { throw 'boom' } -ErrorAction SilentlyContinue
        $result.Message | Should -Be 'boom'
    }

    It 'runs a single block in a child pwsh with -Isolation Process' -Skip:($IsWindows) {
        $result = Invoke-HeroTask -ScriptBlock { $PID } -Isolation Process
        $result.Output | Should -Not -Be $PID
        $failed = Invoke-HeroTask -ScriptBlock { throw 'isolated boom' } -Isolation Process -ErrorAction SilentlyContinue
        $failed.Status | Should -Be 'Failed'
        $failed.StdErr | Should -Match 'isolated boom'
        $failed.StdErr | Should -Not -Match "`e\["
    }
}
