#Requires -Modules Pester
# Update-HeroHeartbeat: the step and status of a heartbeat's loop, shown as progress.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
}

Describe 'Update-HeroHeartbeat' {
    It 'shows the step of the total and the status as progress, and returns the heartbeat only with -PassThru' {
        # Progress records cannot be redirected: a runspace of its own keeps them to read back.
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                param($module)
                Import-Module $module
                $heartbeat = Start-HeroHeartbeat -Name copying -Interval 60 -TotalSteps 4
                Update-HeroHeartbeat -Heartbeat $heartbeat -Step 1
                Update-HeroHeartbeat -Heartbeat $heartbeat -Step 2 -Status 'file b' -PassThru
                Stop-HeroHeartbeat -Heartbeat $heartbeat
            }).AddArgument($ModuleManifest)
            $output = @($ps.Invoke())
            $output.Count | Should -Be 1
            $output[0].Step | Should -Be 2
            $output[0].Status | Should -Be 'file b'
            $updates = @($ps.Streams.Progress | Where-Object { $_.Activity -eq 'copying' -and $_.RecordType -eq 'Processing' })
            $updates.Count | Should -Be 2
            $updates[0].PercentComplete | Should -Be 25
            $updates[1].PercentComplete | Should -Be 50
            $updates[1].StatusDescription | Should -Match '^step 2/4: file b \(running '
        }
        finally {
            $ps.Dispose()
        }
    }
}
