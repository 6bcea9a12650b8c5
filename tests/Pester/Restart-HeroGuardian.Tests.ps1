#Requires -Modules Pester
# Restart-HeroGuardian (issue 16): a running guardian's command is ended and started again at once,
# the worker goes on, and the restart does not count against the budget; a Fatal guardian gets a new
# worker.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    . (Join-Path $PSScriptRoot 'GuardianFixtures.ps1')
    $script:Root = Initialize-TestGuardianRoot (Join-Path $TestDrive 'guardians')
    $script:Running = Start-HeroGuardian -Name running -KeepAlive -GracePeriod 1 -- $Kit sleep 300
    $null = Start-HeroGuardian -Name gives-up -KeepAlive -MaxRestarts 0 -- $Kit exit 3
}

AfterAll {
    Remove-TestGuardians -Root $Root
    Remove-Item Env:HERO_GUARDIAN_HOME -ErrorAction SilentlyContinue
}

Describe 'Restart-HeroGuardian' {
    It 'restarts the command of a running guardian, keeping its worker' {
        $after = Restart-HeroGuardian -Name running -PassThru
        $after.WorkerPid | Should -Be $Running.WorkerPid
        $after = Wait-Guardian running { param($g) $g.State -eq 'Running' -and $g.ChildPid -and $g.ChildPid -ne $Running.ChildPid }
        $after.ChildPid | Should -Not -Be $Running.ChildPid
        $after.Restarts | Should -Be 0 -Because 'a restart on request is not a crash'
        $after.LastExitReason | Should -Be 'restarted on request'
        Wait-Until { -not (Test-ProcessAlive -Id $Running.ChildPid) } -TimeoutSeconds 3 | Should -BeTrue
    }

    It 'starts a new worker for a Fatal guardian' {
        $fatal = Wait-Guardian gives-up { param($g) $g.State -eq 'Fatal' }
        $fatal.State | Should -Be 'Fatal'
        $fatal.LastExitCode | Should -Be 3
        $null = Restart-HeroGuardian -Name gives-up
        $again = Wait-Guardian gives-up { param($g) $g.State -eq 'Fatal' -and $g.WorkerPid -ne $fatal.WorkerPid }
        $again.WorkerPid | Should -Not -Be $fatal.WorkerPid
        $again.LastExitTime | Should -BeGreaterThan $fatal.LastExitTime
    }
}
