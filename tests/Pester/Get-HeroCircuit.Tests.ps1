#Requires -Modules Pester
# Get-HeroCircuit: the circuits of the session or of a state file shared by many writers.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
}

Describe 'Get-HeroCircuit' {
    It 'keeps a shared state file consistent under concurrent writers' {
        $statePath = Join-Path $TestDrive 'busy-circuits.json'
        $jobs = foreach ($worker in 1..4) {
            Start-ThreadJob -ArgumentList $ModuleManifest, $statePath, $worker -ScriptBlock {
                param($module, $statePath, $worker)
                Import-Module $module
                foreach ($i in 1..10) {
                    try { Invoke-HeroRetry { throw 'x' } -RetryCount 0 -CircuitName "w$worker" -CircuitFailureThreshold 1000 -CircuitStatePath $statePath } catch { }
                }
            }
        }
        $null = $jobs | Wait-Job -Timeout 60
        $jobs | Remove-Job -Force
        $circuits = Get-HeroCircuit -CircuitStatePath $statePath
        $circuits.Count | Should -Be 4
        $circuits.ConsecutiveFailures | Should -Be @(10, 10, 10, 10)
    }
}
