#Requires -Modules Pester
# Invoke-HeroTask -HeartbeatInterval: progress records, heartbeat log events and, in a
# non-interactive host, heartbeat lines while a task is silent.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
}

AfterAll {
    Set-HeroLogging -DisableFile -MinimumLevel Information -Console Auto
}

Describe 'Invoke-HeroTask heartbeats' {
    It 'writes progress records and heartbeat log events while a silent task runs' {
        $log = Join-Path $TestDrive 'heartbeats.clef'
        Set-HeroLogging -Path $log
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                param($module, $kit)
                Import-Module $module
                Invoke-HeroTask -Name sleep -HeartbeatInterval 1 -Quiet -- $kit sleep 3
            }).AddArgument($ModuleManifest).AddArgument($Kit)
            $result = $ps.Invoke()
            $result[0].Status | Should -Be 'Succeeded'
            $running = @($ps.Streams.Progress | Where-Object { $_.RecordType -eq 'Processing' -and $_.StatusDescription -match 'running' })
            $running.Count | Should -BeGreaterOrEqual 2
            $running[0].Activity | Should -Be 'sleep'
            $running[0].StatusDescription | Should -Match 'no output yet'  # the task never printed (issue 12)
            $beats = @(Get-HeroLog -Path $log -Task sleep | Where-Object { $_.Properties.Heartbeat })
            $beats.Count | Should -BeGreaterOrEqual 2
            $beats[0].Properties.ElapsedMs | Should -BeGreaterThan 0
            $beats[0].Properties.ContainsKey('TreeMemoryBytes') | Should -BeTrue
        }
        finally {
            $ps.Dispose()
            Set-HeroLogging -DisableFile
        }
    }

    It 'prints heartbeat lines in a non-interactive pwsh only while the task is silent' {
        $script = Join-Path $TestDrive 'beats.ps1'
        Set-Content -LiteralPath $script -Value @'
param($Module, $Command)
Import-Module $Module
$null = Invoke-HeroTask -Command $Command -Shell -HeartbeatInterval 1 -Quiet
'@
        $silent = Invoke-ChildPwsh -ScriptPath $script -Arguments $ModuleManifest, (Get-KitCommand sleep 3) -Timeout 60
        @($silent.StdOut -split "`n" | Where-Object { $_ -match 'heartbeat' }).Count | Should -BeGreaterOrEqual 2

        $chatty = Invoke-ChildPwsh -ScriptPath $script -Arguments $ModuleManifest, (Get-KitCommand tick 15 0.2) -Timeout 60
        @($chatty.StdOut -split "`n" | Where-Object { $_ -match 'heartbeat' }).Count | Should -Be 0
    }
}
