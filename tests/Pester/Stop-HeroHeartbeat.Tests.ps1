#Requires -Modules Pester
# Stop-HeroHeartbeat: how a heartbeat's loop ended, and no beat after it.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
}

AfterAll {
    Get-Event -SourceIdentifier Hero.Heartbeat -ErrorAction SilentlyContinue | Remove-Event
}

Describe 'Stop-HeroHeartbeat' {
    It 'records -Status Failed and stops the beats' {
        $heartbeat = Start-HeroHeartbeat -Name failing -Interval 0.1
        Wait-Until { $heartbeat.Beats -ge 1 } | Should -BeTrue
        Stop-HeroHeartbeat -Heartbeat $heartbeat -Status Failed 3>$null
        $heartbeat.State | Should -Be 'Failed'
        $beats = $heartbeat.Beats
        Start-Sleep -Milliseconds 400
        $heartbeat.Beats | Should -Be $beats
    }

    It 'leaves the heartbeat running under -WhatIf, and returns it with -PassThru' {
        $heartbeat = Start-HeroHeartbeat -Name kept -Interval 60
        Stop-HeroHeartbeat -Heartbeat $heartbeat -WhatIf 6>$null
        $heartbeat.State | Should -Be 'Running'
        $returned = Stop-HeroHeartbeat -Heartbeat $heartbeat -PassThru
        $returned.Id | Should -Be $heartbeat.Id
        $heartbeat.State | Should -Be 'Completed'
    }
}
