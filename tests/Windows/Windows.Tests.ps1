#Requires -Modules Pester
# Windows-only paths (Job Object kill group, PATHEXT, cmd.exe quoting), written for both Windows
# PowerShell 5.1 (the net472 build) and pwsh 7. CI runs this file on windows-latest in both hosts.

BeforeDiscovery {
    $script:IsWin = [System.Environment]::OSVersion.Platform -eq 'Win32NT'
}

BeforeAll {
    Import-Module (Join-Path $env:HERO_TEST_MODULE 'Hero.psd1') -Force
}

Describe 'Hero on Windows' -Skip:(-not $IsWin) {

    It 'imports and lists its cmdlets' {
        (Get-Command -Module Hero).Count | Should -BeGreaterThan 10
    }

    It 'maps exit codes and sets LASTEXITCODE' {
        $result = Invoke-HeroTask cmd.exe -ArgumentList '/d', '/c', 'exit 3' -ErrorAction SilentlyContinue -ErrorVariable errs
        $result.Status | Should -Be 'Failed'
        $result.ExitCode | Should -Be 3
        $LASTEXITCODE | Should -Be 3
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'HeroTaskFailed,*'
    }

    It 'reports a missing program as StartFailed 127' {
        $result = Invoke-HeroTask -ErrorAction SilentlyContinue -- hero-no-such-program
        $result.Status | Should -Be 'StartFailed'
        $result.ExitCode | Should -Be 127
    }

    It 'finds programs through PATHEXT' {
        $result = Invoke-HeroTask where -ArgumentList 'cmd' -Quiet
        $result.Status | Should -Be 'Succeeded'
    }

    It 'passes arguments with spaces verbatim to a program' {
        $printer = Join-Path $TestDrive 'print-args.ps1'
        Set-Content -LiteralPath $printer -Value 'foreach ($a in $args) { "<$a>" }'
        $result = Invoke-HeroTask powershell.exe -ArgumentList '-NoProfile', '-ExecutionPolicy', 'Bypass', '-File', $printer, 'with space', 'plain', 'a;b' -Quiet
        $lines = $result.StdOut.Trim() -split "`r?`n"
        $lines | Should -Be @('<with space>', '<plain>', '<a;b>')
    }

    It 'keeps cmd metacharacters in arguments of a batch file literal' {
        $batch = Join-Path $TestDrive 'echo-args.cmd'
        Set-Content -LiteralPath $batch -Value '@echo ARG=%1' -Encoding Ascii
        $marker = Join-Path $TestDrive 'injected.txt'
        $result = Invoke-HeroTask $batch -ArgumentList "a&echo x>$marker" -Quiet
        $result.StdOut | Should -Match 'ARG='
        Test-Path -LiteralPath $marker | Should -BeFalse
    }

    It 'ends the whole tree (Job Object) at the deadline' {
        $marker = "hero-tree-" + [guid]::NewGuid().ToString('N')
        $inner = "Start-Sleep -Seconds 60 # $marker"
        $outer = "Start-Process powershell.exe -ArgumentList '-NoProfile','-Command','$inner' -NoNewWindow; Start-Sleep -Seconds 60 # $marker"
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $result = Invoke-HeroTask powershell.exe -ArgumentList '-NoProfile', '-Command', $outer -Timeout 3 -GracePeriod 1 -Quiet -ErrorAction SilentlyContinue
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 15
        $result.Status | Should -Be 'TimedOut'
        $result.ExitCode | Should -Be 124
        Start-Sleep -Seconds 1
        $left = @(Get-CimInstance Win32_Process | Where-Object { $_.CommandLine -like "*$marker*" })
        $left.Count | Should -Be 0
    }

    It 'leaves no process of the tree when the host itself is killed with Stop-Process -Force' {
        # The Job Object's handle is never inherited, so only the host holds it: when the host dies the
        # job closes and kill-on-close ends the tree, grandchild included.
        $marker = "hero-host-" + [guid]::NewGuid().ToString('N')
        $tree = Join-Path $TestDrive 'host-tree.ps1'
        Set-Content -LiteralPath $tree -Value @'
param($Marker)
Start-Process powershell.exe -ArgumentList '-NoProfile', '-Command', "Start-Sleep -Seconds 120 # $Marker" -NoNewWindow
Start-Sleep -Seconds 120
'@
        $hostScript = Join-Path $TestDrive 'host.ps1'
        Set-Content -LiteralPath $hostScript -Value @'
param($Manifest, $Tree, $Marker)
Import-Module $Manifest
Invoke-HeroTask powershell.exe -ArgumentList '-NoProfile', '-ExecutionPolicy', 'Bypass', '-File', $Tree, '-Marker', $Marker -Quiet
'@
        $bystander = Start-Process powershell.exe -ArgumentList '-NoProfile', '-Command', 'Start-Sleep -Seconds 120' -PassThru -WindowStyle Hidden
        $manifest = Join-Path $env:HERO_TEST_MODULE 'Hero.psd1'
        # This edition as the host (pwsh.exe, or Windows PowerShell with the net472 build).
        $hostExe = Join-Path $PSHOME 'pwsh.exe'
        if ($PSVersionTable.PSEdition -ne 'Core' -or -not (Test-Path -LiteralPath $hostExe)) { $hostExe = 'powershell.exe' }
        $heroHost = Start-Process $hostExe -PassThru -WindowStyle Hidden -ArgumentList @(
            '-NoProfile', '-ExecutionPolicy', 'Bypass', '-File', "`"$hostScript`"", '-Manifest', "`"$manifest`"", '-Tree', "`"$tree`"", '-Marker', $marker)
        try {
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            do {
                Start-Sleep -Milliseconds 250
                $members = @(Get-CimInstance Win32_Process | Where-Object { $_.CommandLine -like "*$marker*" -and $_.ProcessId -ne $heroHost.Id })
            } while ($members.Count -lt 2 -and [DateTime]::UtcNow -lt $deadline)
            $members.Count | Should -Be 2

            Stop-Process -Id $heroHost.Id -Force
            $deadline = [DateTime]::UtcNow.AddSeconds(5)
            do {
                Start-Sleep -Milliseconds 250
                $left = @(Get-CimInstance Win32_Process | Where-Object { $_.CommandLine -like "*$marker*" })
            } while ($left.Count -gt 0 -and [DateTime]::UtcNow -lt $deadline)
            $left.Count | Should -Be 0
            $bystander.HasExited | Should -BeFalse
        }
        finally {
            if (-not $heroHost.HasExited) { Stop-Process -Id $heroHost.Id -Force }
            Get-CimInstance Win32_Process | Where-Object { $_.CommandLine -like "*$marker*" } | ForEach-Object { Stop-Process -Id $_.ProcessId -Force -ErrorAction SilentlyContinue }
            Stop-Process -Id $bystander.Id -Force -ErrorAction SilentlyContinue
        }
    }

    It 'measures a command with the Job Object accounting' {
        $m = Measure-HeroTask cmd.exe -ArgumentList '/d', '/c', 'exit 0' -Iterations 3 -Warmup 1 -WarningAction SilentlyContinue
        $m.Runs.Count | Should -Be 3
        $m.ExitCodes | Should -Be @(0, 0, 0)
        $m.CpuSource | Should -Be 'JobObject'
        $m.MemorySource | Should -Be 'JobObject'
        $m.PeakMemoryMax | Should -BeGreaterThan 0
    }

    It 'retries PowerShell code' {
        $script:n = 0
        $out = Invoke-HeroRetry { $script:n++; if ($script:n -lt 2) { throw 'again' }; 'ok' } -RetryDelay 0.05
        $out | Should -Be 'ok'
    }

    It 'writes a CLEF log and reads it back' {
        $log = Join-Path $TestDrive 'win.clef'
        Set-HeroLogging -Path $log
        Write-HeroLog 'hello {Who}' -Properties @{ Who = 'windows' }
        Set-HeroLogging -DisableFile
        (Get-HeroLog -Path $log | Where-Object { $_.Message -eq 'hello windows' }).Count | Should -Be 1
    }
}
