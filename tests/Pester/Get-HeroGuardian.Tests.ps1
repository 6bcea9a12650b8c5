#Requires -Modules Pester
# Get-HeroGuardian (issue 16): what the state file claims is judged. A worker killed outright is Stale
# at once (its pid is gone), one that stopped reporting is Stale after three heartbeat intervals, and
# a new Start-HeroGuardian -Name takes a stale guardian over, ending the child tree the dead worker
# left first. Linux: the worker's sentinel is found and killed through /proc, to leave a real orphan.

BeforeDiscovery {
    $script:OnLinux = $IsLinux
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    . (Join-Path $PSScriptRoot 'GuardianFixtures.ps1')
    $script:Root = Initialize-TestGuardianRoot (Join-Path $TestDrive 'guardians')
    $script:Orphan = Start-HeroGuardian -Name orphan -KeepAlive -GracePeriod 1 -- $Kit sleep 300
    $script:Silent = Start-HeroGuardian -Name silent -KeepAlive -GracePeriod 1 -- $Kit sleep 300
    # SIGSTOP: the worker's pid stays alive, its heartbeat stops.
    if ($IsLinux) { kill -STOP $Silent.WorkerPid; $script:SilencedAt = [DateTime]::UtcNow }
}

AfterAll {
    if ($IsLinux -and (Test-ProcessAlive -Id $Silent.WorkerPid)) { kill -KILL $Silent.WorkerPid }
    Remove-TestGuardians -Root $Root
    Remove-Item Env:HERO_GUARDIAN_HOME -ErrorAction SilentlyContinue
}

Describe 'Get-HeroGuardian' {
    It 'shows a running guardian with its worker, child, uptime and trace id' {
        $guardian = Get-HeroGuardian -Name orphan
        $guardian.State | Should -Be 'Running'
        $guardian.Mode | Should -Be 'KeepAlive'
        $guardian.WorkerPid | Should -Be $Orphan.WorkerPid
        $guardian.ChildPid | Should -Be $Orphan.ChildPid
        $guardian.Uptime | Should -BeGreaterThan ([TimeSpan]::Zero)
        $guardian.CorrelationId | Should -Match '^[0-9a-f]{32}$'
        $guardian.Command | Should -Match 'HeroTestKit.* sleep 300'
    }

    It 'lists guardians by wildcard, in a table' {
        @(Get-HeroGuardian -Name '*n*').Name | Should -Be 'orphan', 'silent'
        $table = Get-HeroGuardian | Format-Table | Out-String -Width 250
        $table | Should -Match 'Name\s+State\s+Worker\s+Child\s+Restarts\s+Exit\s+Uptime\s+NextRun\s+Memory\s+Command'
        $table | Should -Match "orphan\s+Running\s+$($Orphan.WorkerPid)"
    }

    It 'completes guardian names on -Name of <_>' -ForEach 'Get-HeroGuardian', 'Start-HeroGuardian', 'Stop-HeroGuardian', 'Restart-HeroGuardian', 'Remove-HeroGuardian', 'Get-HeroGuardianLog' {
        $line = "$_ -Name or"
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be 'orphan'
    }

    It 'reports an unknown name with the known ones' {
        $err = $null
        $null = Get-HeroGuardian -Name nope -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HeroGuardianNotFound*'
        $err[0].Exception.Message | Should -Match 'known: orphan, silent'
        @(Get-HeroGuardian -Name 'nothing*').Count | Should -Be 0
    }

    It 'is Stale once the worker stopped reporting for three heartbeat intervals' -Skip:(-not $OnLinux) {
        $guardian = Wait-Guardian silent { param($g) $g.State -eq 'Stale' } -TimeoutSeconds 15
        $guardian.State | Should -Be 'Stale'
        $guardian.Message | Should -Match 'has not reported for'
        $waited = ([DateTime]::UtcNow - $SilencedAt).TotalSeconds
        $waited | Should -BeGreaterOrEqual 4 -Because 'the heartbeat is every 2 s; three intervals pass first'
    }

    It 'is Stale within three heartbeat intervals of SIGKILL, and a new start takes over and ends the orphaned child' -Skip:(-not $OnLinux) {
        $worker = $Orphan.WorkerPid
        $child = $Orphan.ChildPid
        # The sentinel would end the child within its grace: kill it too, to leave a true orphan.
        $others = @(Get-ChildProcessIds $worker | Where-Object { $_ -ne $child })
        kill -KILL $worker @others
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $guardian = Wait-Guardian orphan { param($g) $g.State -eq 'Stale' } -TimeoutSeconds 6
        $guardian.State | Should -Be 'Stale'
        $clock.Elapsed.TotalSeconds | Should -BeLessOrEqual 6
        $guardian.Message | Should -Match "worker \(process $worker\) is gone"
        Test-ProcessAlive -Id $child | Should -BeTrue -Because 'the orphan outlived its worker'

        $new = Start-HeroGuardian -Name orphan -KeepAlive -GracePeriod 1 -- $Kit sleep 300
        $new.State | Should -Be 'Running'
        $new.WorkerPid | Should -Not -Be $worker
        $new.ChildPid | Should -Not -Be $child
        Wait-Until { -not (Test-ProcessAlive -Id $child) } -TimeoutSeconds 3 | Should -BeTrue -Because 'the new worker ends the orphaned tree first'
        Wait-Until { (Get-Content -LiteralPath $new.LogPath -Raw) -match 'that the last worker''s command \(pid ' } -TimeoutSeconds 5 | Should -BeTrue -Because 'the takeover is logged'
    }
}
