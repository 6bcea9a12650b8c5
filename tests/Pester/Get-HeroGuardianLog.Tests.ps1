#Requires -Modules Pester
# Get-HeroGuardianLog (issue 16): the guarded command's last lines, its output rotated into at most
# the retained count of files, following new lines with -Wait, and lifecycle events in the Hero log
# that all carry the guardian's trace id.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    . (Join-Path $PSScriptRoot 'GuardianFixtures.ps1')
    $script:Root = Initialize-TestGuardianRoot (Join-Path $TestDrive 'guardians')
    # -Command -Shell, -WorkingDirectory and -Environment reach the guarded command.
    $script:Folder = [IO.Directory]::CreateDirectory((Join-Path $TestDrive 'site')).FullName
    $script:Lines = Start-HeroGuardian -Name lines -KeepAlive -Command (Get-KitCommand env GREETING cwd lines 1 20 'line-{0}' sleep 300) -Shell -WorkingDirectory $Folder -Environment @{ GREETING = 'hello' }
    $null = Start-HeroGuardian -Name rotating -KeepAlive -MaxLogSize 1KB -RetainedLogCount 2 -- $Kit lines 1 400 'line {0} of the output that rotates' sleep 300
    $null = Start-HeroGuardian -Name ticker -KeepAlive -- $Kit tick 200 0.1
    # Secrets are process-wide: a value no other test prints.
    Register-HeroSecret -Value 'hunter2-guardian-7f3a'
    $script:Secretive = Start-HeroGuardian -Name secretive -KeepAlive -- $Kit out 'token=hunter2-guardian-7f3a' err 'again hunter2-guardian-7f3a' sleep 300
}

AfterAll {
    Remove-TestGuardians -Root $Root
    Remove-Item Env:HERO_GUARDIAN_HOME -ErrorAction SilentlyContinue
}

Describe 'Get-HeroGuardianLog' {
    It 'returns the child''s last 5 lines with -Tail 5' {
        Wait-Until { (Get-HeroGuardianLog lines -Tail 1) -eq 'line-20' } -TimeoutSeconds 10 | Should -BeTrue
        Get-HeroGuardianLog -Name lines -Tail 5 | Should -Be 'line-16', 'line-17', 'line-18', 'line-19', 'line-20'
        $all = @(Get-HeroGuardianLog -Name lines -Tail -1)
        $all.Count | Should -Be 22
        $all[0] | Should -Be 'GREETING=hello'
        $all[1] | Should -Be $Folder
    }

    It 'keeps at most -RetainedLogCount output files' {
        Wait-Until { (Get-HeroGuardianLog rotating -Tail 1) -eq 'line 400 of the output that rotates' } -TimeoutSeconds 10 | Should -BeTrue
        $files = @(Get-ChildItem -LiteralPath (Join-Path $Root 'rotating') -Filter 'output-*.log')
        $files.Count | Should -Be 2
        $files | ForEach-Object { $_.Length | Should -BeLessOrEqual 1KB }
        $all = @(Get-HeroGuardianLog rotating -Tail -1)
        $all[-1] | Should -Be 'line 400 of the output that rotates'
        $all.Count | Should -BeLessThan 400 -Because 'the oldest files were deleted'
        $all[0] | Should -Match '^line \d+ of the output that rotates$'
    }

    It 'follows new lines with -Wait' {
        $reader = [powershell]::Create()
        $null = $reader.AddScript({
                param($manifest, $root)
                Import-Module $manifest
                Get-HeroGuardianLog -Name ticker -Tail 0 -Wait -StateDirectory $root
            }).AddArgument($ModuleManifest).AddArgument($Root)
        $output = [Management.Automation.PSDataCollection[psobject]]::new()
        $run = $reader.BeginInvoke([Management.Automation.PSDataCollection[psobject]]::new(), $output)
        try {
            Wait-Until { $output.Count -ge 3 } -TimeoutSeconds 10 | Should -BeTrue
            $numbers = @($output | Select-Object -First 3 | ForEach-Object { [int]("$_" -replace '^tick ') })
            $numbers[1] | Should -Be ($numbers[0] + 1)
            $numbers[2] | Should -Be ($numbers[0] + 2)
        }
        finally {
            $reader.Stop()
            $reader.Dispose()
        }
    }

    It 'logs every lifecycle event under the guardian''s trace id' {
        $guardian = Get-HeroGuardian lines
        $events = @(Get-HeroLog -Path $guardian.LogPath | Where-Object { $_.Properties['Guardian'] -eq 'lines' })
        $events.Count | Should -BeGreaterOrEqual 2
        $events | ForEach-Object { $_.TraceId | Should -Be $guardian.CorrelationId }
        ($events.Message -match "started the command \(run 1, pid $($Lines.ChildPid)\)").Count | Should -Be 1
    }

    It 'masks registered secrets in the output files, the command and the log' {
        Wait-Until { @(Get-HeroGuardianLog secretive -Tail -1).Count -ge 2 } -TimeoutSeconds 10 | Should -BeTrue
        Get-HeroGuardianLog -Name secretive -Tail 2 | Sort-Object | Should -Be 'again ***', 'token=***'
        $Secretive.Command | Should -Not -Match 'hunter2'
        Get-ChildItem -LiteralPath (Join-Path $Root 'secretive') -Filter 'output-*.log' | Get-Content -Raw | Should -Not -Match 'hunter2'
        Wait-Until { Test-Path -LiteralPath $Secretive.LogPath } -TimeoutSeconds 5 | Should -BeTrue
        Get-Content -LiteralPath $Secretive.LogPath -Raw | Should -Not -Match 'hunter2'
    }

    It 'reports an unknown name' {
        $err = $null
        $null = Get-HeroGuardianLog -Name nope -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HeroGuardianNotFound*'
    }
}
