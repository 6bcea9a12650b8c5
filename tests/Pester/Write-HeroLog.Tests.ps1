#Requires -Modules Pester
# Write-HeroLog: what reaches the host, concurrent writers sharing one file, and every accepted
# event kept when the process ends.

BeforeDiscovery {
    $script:OnUnix = -not $IsWindows
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
}

AfterAll {
    Set-HeroLogging -DisableFile -MinimumLevel Information -Console Auto
}

Describe 'What reaches the host' {
    BeforeEach {
        Set-HeroLogging -DisableFile -Console Auto
    }

    It 'shows warnings and errors in Auto mode, and information only with -Verbose' {
        Write-HeroLog 'careful {What}' -Level Warning -Properties @{ What = 'disk' } -WarningVariable warnings 3>$null
        $warnings[0].Message | Should -Be 'careful disk'

        Write-HeroLog 'broken' -Level Error -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'HeroLogError,*'

        $quiet = Write-HeroLog 'just so you know' 6>&1 4>&1
        $quiet | Should -BeNullOrEmpty
        $verbose = Write-HeroLog 'just so you know' -Verbose 4>&1
        $verbose.Message | Should -Be 'just so you know'
    }
}

Describe 'Concurrent writers' {
    It 'keeps 40,000 events from eight pwsh processes whole and complete' {
        $log = Join-Path $TestDrive 'shared.clef'
        $script = Join-Path $TestDrive 'writer.ps1'
        Set-Content -LiteralPath $script -Value @'
param($Module, $Log, $Worker)
Import-Module $Module
Set-HeroLogging -Path $Log -MaxFileSize 200MB
1..5000 | ForEach-Object { "worker {Worker} event {N} " + ('x' * 40) } | Write-HeroLog -Properties @{ Worker = [int]$Worker; N = 0 }
'@
        $pwsh = Get-TestPwsh
        $writers = foreach ($w in 1..8) {
            @{ Name = "writer-$w"; FilePath = $pwsh[0]; ArgumentList = @($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $script, $ModuleManifest, $log, "$w") }
        }
        $results = $writers | Invoke-HeroTask -ThrottleLimit 8 -Quiet -Timeout 300
        $results.Status | Should -Be (@('Succeeded') * 8)

        $lines = [IO.File]::ReadAllLines($log)
        $lines.Count | Should -Be 40000
        $perWorker = @{}
        foreach ($line in $lines) {
            $event = $line | ConvertFrom-Json
            $perWorker[[int]$event.Worker]++
        }
        $perWorker.Keys.Count | Should -Be 8
        $perWorker.Values | ForEach-Object { $_ | Should -Be 5000 }
    }
}

Describe 'Flushing at the end of a process' {
    It 'keeps all 1,000 events when pwsh ends <How>' -ForEach @(
        @{ How = 'normally'; Tail = '' }
        @{ How = 'with exit 3'; Tail = 'exit 3' }
    ) {
        $log = Join-Path $TestDrive "exit-$($How -replace '\W', '').clef"
        $script = Join-Path $TestDrive "exit-$($How -replace '\W', '').ps1"
        Set-Content -LiteralPath $script -Value @"
param(`$Module, `$Log)
Import-Module `$Module
Set-HeroLogging -Path `$Log
foreach (`$i in 1..1000) { Write-HeroLog 'event {N}' -Properties @{ N = `$i } }
$Tail
"@
        $null = Invoke-ChildPwsh -ScriptPath $script -Arguments $ModuleManifest, $log
        @(Get-Content -LiteralPath $log).Count | Should -Be 1000
    }

    It 'keeps every accepted event when pwsh is stopped with Ctrl+C in the middle of a task' -Skip:(-not $OnUnix) {
        $log = Join-Path $TestDrive 'ctrlc.clef'
        $pidFile = Join-Path $TestDrive 'ctrlc.pid'
        $script = Join-Path $TestDrive 'ctrlc.ps1'
        Set-Content -LiteralPath $script -Value @'
param($Module, $Log, $PidFile)
Import-Module $Module
Set-HeroLogging -Path $Log
1..1000 | ForEach-Object { "before {N}" } | Write-HeroLog -Properties @{ N = 1 }
Set-Content -LiteralPath $PidFile -Value $PID
Invoke-HeroTask -Name long-sleep -GracePeriod 1 -Quiet -- sleep 60
'@
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                param($module, $script, $log, $pidFile, $pwsh)
                Import-Module $module
                Invoke-HeroTask -FilePath $pwsh[0] -ArgumentList (@($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $script, $module, $log, $pidFile)) -Quiet -Timeout 60
            }).AddArgument($ModuleManifest).AddArgument($script).AddArgument($log).AddArgument($pidFile).AddArgument((Get-TestPwsh))
            $async = $ps.BeginInvoke()
            Wait-Until { (Test-Path $log) -and (Select-String -LiteralPath $log -Pattern 'long-sleep' -Quiet) } -TimeoutSeconds 60 | Should -BeTrue
            $childPid = [int](Get-Content -LiteralPath $pidFile)
            kill -INT $childPid
            Wait-Until { $async.IsCompleted } -TimeoutSeconds 20 | Should -BeTrue
        }
        finally {
            $ps.Dispose()
        }
        $events = @(Get-HeroLog -Path $log)
        @($events | Where-Object Message -like 'before*').Count | Should -Be 1000
        $last = $events | Where-Object Task -eq 'long-sleep' | Select-Object -Last 1
        $last.Properties.Status | Should -Be 'Cancelled'
    }
}
