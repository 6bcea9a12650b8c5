#Requires -Modules Pester
# New-HeroTask: task definitions built ahead of time and run later, in a batch.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
}

Describe 'New-HeroTask' {
    It 'runs blocks from New-HeroTask with their own $using: values' {
        $tasks = foreach ($i in 1..3) { $value = "v$i"; New-HeroTask -Name "t$i" -ScriptBlock { $using:value } }
        $results = $tasks | Invoke-HeroTask
        ($results | Sort-Object Name).Output | Should -Be @('v1', 'v2', 'v3')
    }
}
