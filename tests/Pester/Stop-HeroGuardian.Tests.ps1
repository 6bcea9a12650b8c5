#Requires -Modules Pester
# Stop-HeroGuardian (issue 16): the worker ends its command's whole tree, a child that ignores SIGTERM
# included, within -Timeout + grace + 1 s, and nothing of the guardian is left; a worker that does not
# answer is ended by force, with its tree and nothing else. Linux: the trees are read from /proc.

BeforeDiscovery {
    $script:OnLinux = $IsLinux
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    . (Join-Path $PSScriptRoot 'GuardianFixtures.ps1')
    $script:Root = Initialize-TestGuardianRoot (Join-Path $TestDrive 'guardians')
    $script:TreeFile = Join-Path $TestDrive 'tree.txt'
    $script:StuckTreeFile = Join-Path $TestDrive 'stuck-tree.txt'
    $null = Start-HeroGuardian -Name tree -KeepAlive -GracePeriod 1 -- $Kit tree $TreeFile 2
    $null = Start-HeroGuardian -Name stuck -KeepAlive -GracePeriod 1 -- $Kit tree $StuckTreeFile 2
    $script:Signalled = Start-HeroGuardian -Name signalled -KeepAlive -GracePeriod 1 -- $Kit sleep 300
}

AfterAll {
    Remove-TestGuardians -Root $Root
    Remove-Item Env:HERO_GUARDIAN_HOME -ErrorAction SilentlyContinue
}

Describe 'Stop-HeroGuardian' -Skip:(-not $OnLinux) {
    It 'ends the worker and the whole child tree, a TERM-ignoring child included, within -Timeout + grace + 1 s' {
        Wait-Until { (Read-PidFile $TreeFile).Count -ge 3 } -TimeoutSeconds 15 | Should -BeTrue
        $guardian = Get-HeroGuardian tree
        $workerChildren = Get-ChildProcessIds $guardian.WorkerPid
        $all = @(Read-PidFile $TreeFile) + @($guardian.WorkerPid) + $workerChildren
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $after = Stop-HeroGuardian -Name tree -Timeout 5 -PassThru
        $clock.Elapsed.TotalSeconds | Should -BeLessOrEqual (5 + 1 + 1)
        $after.State | Should -Be 'Stopped'
        Wait-Until { (Get-LiveProcessIds $all).Count -eq 0 } -TimeoutSeconds 2 | Should -BeTrue -Because "left: $(Get-LiveProcessIds $all)"
        (Get-HeroGuardian tree).State | Should -Be 'Stopped'
    }

    It 'ends a worker that does not answer by force, with its tree, and warns' {
        Wait-Until { (Read-PidFile $StuckTreeFile).Count -ge 3 } -TimeoutSeconds 15 | Should -BeTrue
        $guardian = Get-HeroGuardian stuck
        $all = @(Read-PidFile $StuckTreeFile) + @($guardian.WorkerPid)
        kill -STOP $guardian.WorkerPid
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $warnings = $null
        $after = Stop-HeroGuardian -Name stuck -Timeout 1 -PassThru -WarningVariable warnings -WarningAction SilentlyContinue
        $clock.Elapsed.TotalSeconds | Should -BeLessOrEqual (1 + 1 + 1 + 3) -Because 'the timeout, the grace, and the SIGKILL wait'
        "$warnings" | Should -Match 'did not stop within 1s'
        $after.State | Should -Be 'Stopped'
        $after.Message | Should -Match 'by force'
        Wait-Until { (Get-LiveProcessIds $all).Count -eq 0 } -TimeoutSeconds 3 | Should -BeTrue -Because "left: $(Get-LiveProcessIds $all)"
    }

    It 'treats SIGTERM to the worker (a service manager''s stop) as a stop request' {
        kill -TERM $Signalled.WorkerPid
        Wait-Until { -not (Test-ProcessAlive -Id $Signalled.WorkerPid) } -TimeoutSeconds (1 + 1 + 3) | Should -BeTrue
        Test-ProcessAlive -Id $Signalled.ChildPid | Should -BeFalse
        $after = Get-HeroGuardian signalled
        $after.State | Should -Be 'Stopped'
        $after.LastExitReason | Should -Be 'stopped on request'
    }

    It 'reports an unknown name' {
        $err = $null
        Stop-HeroGuardian -Name no-such-guardian -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HeroGuardianNotFound*'
        $err[0].Exception.Message | Should -Match "no guardian named 'no-such-guardian'.*known: signalled, stuck, tree"
    }

    It 'does nothing with -WhatIf' {
        $null = Start-HeroGuardian -Name whatif -KeepAlive -- $Kit sleep 60
        Stop-HeroGuardian -Name whatif -WhatIf
        (Get-HeroGuardian whatif).State | Should -Be 'Running'
        Stop-HeroGuardian -Name whatif
    }
}
