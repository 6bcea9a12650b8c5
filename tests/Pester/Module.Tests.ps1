#Requires -Modules Pester
# Hero's Polly and Serilog never meet another module's copies: a session that already loaded older
# ones (as another module would have) still imports Hero, runs tasks with retries and logs.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
}

Describe 'Dependency isolation' {
    It 'works in a session where Serilog 2.x and Polly 7.x were loaded first' -Skip:(-not $env:HERO_TEST_OLD_SERILOG -or -not $env:HERO_TEST_OLD_POLLY) {
        $log = Join-Path $TestDrive 'isolated.clef'
        $script = Join-Path $TestDrive 'isolated.ps1'
        Set-Content -LiteralPath $script -Value @'
param($Module, $OldSerilog, $OldPolly, $Log, $Kit)
$ErrorActionPreference = 'Stop'
Add-Type -Path $OldSerilog
Add-Type -Path $OldPolly
"loaded: " + (([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -in 'Serilog', 'Polly' } |
    ForEach-Object { "$($_.GetName().Name) $($_.GetName().Version)" } | Sort-Object) -join ', ')
Import-Module $Module
Set-HeroLogging -Path $Log
$state = Join-Path ([IO.Path]::GetTempPath()) ([guid]::NewGuid())
$result = Invoke-HeroTask $Kit -ArgumentList 'count', $state, '2' -RetryCount 2 -RetryDelay 0.05 -Quiet
"task: $($result.Status) after $($result.Attempts)"
Write-HeroLog 'isolated {Ok}' -Properties @{ Ok = 'yes' }
"retry: " + (Invoke-HeroRetry { 'ran' } -RetryCount 1)
'@
        $result = Invoke-ChildPwsh -ScriptPath $script -Arguments $ModuleManifest, $env:HERO_TEST_OLD_SERILOG, $env:HERO_TEST_OLD_POLLY, $log, $Kit
        $result.StdErr | Should -BeNullOrEmpty
        $result.StdOut | Should -Match 'loaded: Polly 7\.\d+\.\d+\.\d+, Serilog 2\.0\.0\.0'
        $result.StdOut | Should -Match 'task: Succeeded after 2'
        $result.StdOut | Should -Match 'retry: ran'
        $result.Status | Should -Be 'Succeeded'
        (Get-HeroLog -Path $log | Where-Object Message -eq 'isolated "yes"').Count | Should -Be 1
    }
}

Describe 'Cold start' {
    # Every CI step is a fresh pwsh: a task that needs neither retries nor a log file must not pay
    # for loading and setting up Polly and Serilog (issue 12, section 4).
    It 'loads neither Polly nor Serilog until a task retries or an event is written' {
        $script = Join-Path $TestDrive 'cold.ps1'
        Set-Content -LiteralPath $script -Value @'
param($Module, $Kit)
$ErrorActionPreference = 'Stop'
Remove-Item Env:HERO_LOG_PATH -ErrorAction Ignore
function Loaded { (@([AppDomain]::CurrentDomain.GetAssemblies().GetName().Name -match '^(Polly|Serilog)') | Sort-Object) -join ',' }
Import-Module $Module
$plain = Invoke-HeroTask -Timeout 60 -AttemptTimeout 30 -Quiet -- $Kit out hello
"plain: $($plain.Status) loaded=[$(Loaded)]"
$retried = Invoke-HeroTask -RetryCount 1 -RetryDelay 0.05 -Quiet -- $Kit out again
"retried: $($retried.Status) loaded=[$(Loaded)]"
Write-HeroLog 'shown {N}' -Level Warning -Properties @{ N = 1 } 3>$null
"logged: loaded=[$(Loaded)]"
'@
        $result = Invoke-ChildPwsh -ScriptPath $script -Arguments $ModuleManifest, $Kit
        $result.StdErr | Should -BeNullOrEmpty
        $result.StdOut | Should -Match 'plain: Succeeded loaded=\[\]'
        $result.StdOut | Should -Match 'retried: Succeeded loaded=\[Polly\.Core\]'
        $result.StdOut | Should -Match 'logged: loaded=\[Polly\.Core,Serilog\]'
    }

    It 'runs the precompiled engine where the package has an image for the platform, else the IL build' {
        # A copy of the module without its r2r folder stands in for a platform the package has no image for.
        $ilOnly = Join-Path $TestDrive 'il-only'
        Copy-Item -LiteralPath $HeroModulePath -Destination $ilOnly -Recurse
        Remove-Item -LiteralPath (Join-Path $ilOnly 'bin' 'net8.0' 'r2r') -Recurse -Force -ErrorAction Ignore
        $script = Join-Path $TestDrive 'engine.ps1'
        Set-Content -LiteralPath $script -Value @'
param($Module, $Kit)
$ErrorActionPreference = 'Stop'
Import-Module $Module
$result = Invoke-HeroTask -Timeout 60 -Quiet -- $Kit out hello
"task: $($result.Status) engine: $([Hero.HeroTaskResult].Assembly.Location)"
'@
        $rid = [System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier
        $image = Join-Path $HeroModulePath 'bin' 'net8.0' 'r2r' $rid 'Hero.Engine.dll'
        $shipped = Invoke-ChildPwsh -ScriptPath $script -Arguments $ModuleManifest, $Kit
        $fallback = Invoke-ChildPwsh -ScriptPath $script -Arguments (Join-Path $ilOnly 'Hero.psd1'), $Kit

        $shipped.StdOut | Should -Match 'task: Succeeded'
        $expected = if (Test-Path -LiteralPath $image) { $image } else { Join-Path $HeroModulePath 'bin' 'net8.0' 'Hero.Engine.dll' }
        $shipped.StdOut | Should -Match ([regex]::Escape("engine: $expected"))
        $fallback.StdErr | Should -BeNullOrEmpty
        $fallback.StdOut | Should -Match ([regex]::Escape("task: Succeeded engine: $(Join-Path $ilOnly 'bin' 'net8.0' 'Hero.Engine.dll')"))
    }
}
