#Requires -Modules Pester
# Register-HeroSecret and the masking of secrets everywhere Hero writes.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
}

Describe 'Secrets' {
    It 'never writes a secret to the log, an error message, a result Command or CI output' {
        $log = Join-Path $TestDrive 'secrets.clef'
        $script = Join-Path $TestDrive 'secrets.ps1'
        Set-Content -LiteralPath $script -Value @'
param($Module, $Log, $Kit)
$ErrorActionPreference = 'Continue'
Import-Module $Module
Set-HeroLogging -Path $Log -Console On
Write-HeroLog 'Connecting as {User}' -Properties @{ User = 'deploy'; password = 'hunter2'; apiToken = 'abc123' }
Register-HeroSecret 'tok-77-registered'
# In a variable: PowerShell's own error view quotes the failing line of this script as written.
$token = 'tok-77-registered'
$r = Invoke-HeroTask $Kit -ArgumentList 'out', $token, 'env', 'SECRET_KEY', 'err', $token, 'exit', '4' -Environment @{ SECRET_KEY = 's3cr3t-env' }
"COMMAND: $($r.Command)"
"STDOUT: $($r.StdOut)"
$r = Invoke-HeroTask $Kit -ArgumentList 'out', $token, 'exit', '9' -ErrorAction SilentlyContinue -ErrorVariable failure
"ERROR: $($failure[0].Exception.Message)"
Write-HeroLog 'Token {Token} and password=hunter2' -Properties @{ Token = 'tok-77-registered' } -Level Warning
'@
        $result = Invoke-ChildPwsh -ScriptPath $script -Arguments $ModuleManifest, $log, $Kit
        $shown = $result.StdOut + $result.StdErr
        $shown | Should -Match 'COMMAND: '
        $shown | Should -Match 'ERROR: '
        $logText = Get-Content -LiteralPath $log -Raw
        $logText | Should -Match 'Connecting as'
        foreach ($secret in 'hunter2', 'abc123', 's3cr3t-env', 'tok-77-registered') {
            $shown | Should -Not -Match ([regex]::Escape($secret)) -Because "CI output must not show $secret"
            $logText | Should -Not -Match ([regex]::Escape($secret)) -Because "the log must not hold $secret"
        }
        $shown | Should -Match '\*\*\*'
    }
}
