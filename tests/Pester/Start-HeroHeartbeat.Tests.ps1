#Requires -Modules Pester
# Start-HeroHeartbeat: a heartbeat for a long PowerShell loop, with its events, its limits and its
# lifetime bound to the runspace.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
}

Describe 'Start-HeroHeartbeat' {
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
