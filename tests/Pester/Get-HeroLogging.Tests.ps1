#Requires -Modules Pester
# Get-HeroLogging: the session's logging settings and its trace id.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
}

Describe 'Get-HeroLogging' {
    It 'adopts the trace id of the TRACEPARENT a session starts with' {
        $script = Join-Path $TestDrive 'adopt.ps1'
        Set-Content -LiteralPath $script -Value @'
param($Module)
Import-Module $Module
(Get-HeroLogging).TraceId
'@
        $trace = '4bf92f3577b34da6a3ce929d0e0e4736'
        $result = Invoke-ChildPwsh -ScriptPath $script -Arguments $ModuleManifest -Environment @{ TRACEPARENT = "00-$trace-00f067aa0ba902b7-01" }
        $result.StdOut.Trim() | Should -Be $trace
    }
}
