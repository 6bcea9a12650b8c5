#Requires -Modules Pester
# Invoke-HeroTask running one program: exit codes and errors, arguments, environment, input,
# output, parameter validation and resource hygiene, against real processes.

BeforeDiscovery {
    $script:OnUnix = -not $IsWindows
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
}

Describe 'Invoke-HeroTask exit codes and errors' {
    It 'maps exit 0 to Succeeded and sets $LASTEXITCODE' {
        $result = Invoke-HeroTask $Kit exit 0
        $result.Status | Should -Be 'Succeeded'
        $result.ExitCode | Should -Be 0
        $LASTEXITCODE | Should -Be 0
        $result.Name | Should -Be 'HeroTestKit'
    }

    It 'maps exit 3 to Failed with HeroTaskFailed and $LASTEXITCODE 3' {
        $result = Invoke-HeroTask $Kit -ArgumentList 'exit', '3' -ErrorVariable errs -ErrorAction SilentlyContinue
        $result.Status | Should -Be 'Failed'
        $result.ExitCode | Should -Be 3
        $LASTEXITCODE | Should -Be 3
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'HeroTaskFailed,*'
        $errs[0].TargetObject.ExitCode | Should -Be 3
    }

    It 'reports a missing program as StartFailed 127 (ObjectNotFound)' {
        $result = Invoke-HeroTask -ErrorVariable errs -ErrorAction SilentlyContinue -- hero-no-such-program-xyz
        $result.Status | Should -Be 'StartFailed'
        $result.ExitCode | Should -Be 127
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'HeroTaskStartFailed,*'
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $LASTEXITCODE | Should -Be 127
    }

    It 'reports a file that is not executable as StartFailed 126 (PermissionDenied)' -Skip:(-not $OnUnix) {
        $file = Join-Path $TestDrive 'not-executable.sh'
        Set-Content -LiteralPath $file -Value 'echo hi'
        $result = Invoke-HeroTask -ErrorVariable errs -ErrorAction SilentlyContinue -- $file
        $result.ExitCode | Should -Be 126
        $errs[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
    }

    It 'maps death by signal 9 to 137' -Skip:(-not $OnUnix) {
        $result = Invoke-HeroTask sh -ArgumentList '-c', 'kill -9 $$' -ErrorAction SilentlyContinue
        $result.ExitCode | Should -Be 137
        $result.Signal | Should -Be 9
        $result.Status | Should -Be 'Failed'
    }

    It 'makes a failure terminating under -ErrorAction Stop, with the result as TargetObject' {
        $caught = $null
        try {
            Invoke-HeroTask $Kit -ArgumentList 'err', 'broken', 'exit', '5' -Quiet -ErrorAction Stop
        }
        catch {
            $caught = $_
        }
        $caught | Should -Not -BeNullOrEmpty
        $caught.FullyQualifiedErrorId | Should -BeLike 'HeroTaskFailed,*'
        $caught.TargetObject.ExitCode | Should -Be 5
        $caught.Exception.Message | Should -Match 'broken'
    }
}

Describe 'Invoke-HeroTask arguments and environment' {
    It 'passes arguments verbatim, without a shell' {
        $arguments = @('with space', 'quote"double', "quote'single", '', 'héllo wörld ☃', ';|&$()', '$HOME', '*', '--flag=1')
        $result = Invoke-HeroTask $Kit -ArgumentList (@('args') + $arguments) -Quiet
        $expected = $arguments | ForEach-Object { "<$_>" }
        ($result.StdOut.TrimEnd("`n") -split "`n") | Should -Be $expected
    }

    It 'takes the program and its arguments positionally' {
        $result = Invoke-HeroTask -Quiet -- $Kit join - a b
        $result.StdOut | Should -Be 'a-b'
    }

    It 'adds and removes variables for the child only' {
        $env:HERO_TEST_INHERITED = 'inherited'
        try {
            $result = Invoke-HeroTask $Kit -ArgumentList 'env', 'HERO_TEST_ADDED', 'env', 'HERO_TEST_INHERITED' `
                -Environment @{ HERO_TEST_ADDED = 'yes'; HERO_TEST_INHERITED = $null } -Quiet
            ($result.StdOut.Trim() -split "`n") | Should -Be @('HERO_TEST_ADDED=yes', 'HERO_TEST_INHERITED unset')
            $env:HERO_TEST_INHERITED | Should -Be 'inherited'
            $env:HERO_TEST_ADDED | Should -BeNullOrEmpty
        }
        finally {
            Remove-Item Env:HERO_TEST_INHERITED
        }
    }

    It 'runs in -WorkingDirectory, relative to the current location' {
        $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'work dir') -Force
        Push-Location $TestDrive
        try {
            $result = Invoke-HeroTask -WorkingDirectory 'work dir' -Quiet -- $Kit cwd
        }
        finally {
            Pop-Location
        }
        $result.StdOut.Trim() | Should -Be $folder.FullName
    }

    It 'gives the child an empty stdin, or -StandardInput' {
        (Invoke-HeroTask -Quiet -Timeout 5 -- $Kit stdin).StdOut | Should -BeNullOrEmpty
        (Invoke-HeroTask -StandardInput "fed`nlines" -Quiet -- $Kit stdin).StdOut | Should -Be "fed`nlines"
    }

    It 'runs a script once in a child pwsh with its arguments and propagates its exit code' {
        $counter = Join-Path $TestDrive 'runs.txt'
        $script = Join-Path $TestDrive 'exit7.ps1'
        Set-Content -LiteralPath $script -Value @'
param([string] $CounterPath, [string] $Word)
Add-Content -LiteralPath $CounterPath -Value 'ran'
Write-Output "word=$Word noninteractive=$([Environment]::GetCommandLineArgs() -contains '-NonInteractive')"
exit 7
'@
        $result = Invoke-HeroTask -ScriptPath $script -ArgumentList $counter, 'hello there' -Quiet -ErrorAction SilentlyContinue
        $result.ExitCode | Should -Be 7
        $result.Status | Should -Be 'Failed'
        $result.StdOut | Should -Match 'word=hello there'
        (Get-Content -LiteralPath $counter).Count | Should -Be 1
    }
}

Describe 'Invoke-HeroTask output' {
    It 'drains 200 MB of stdout and 50 MB of stderr, interleaved, with bounded memory' {
        [GC]::Collect()
        $before = (Get-Process -Id $PID).WorkingSet64
        $script = Get-KitCommand flood 50 4000000 1000000 raw STDOUT-END raw-err STDERR-END
        $result = Invoke-HeroTask -Command $script -Shell -Quiet -Timeout 120
        $after = (Get-Process -Id $PID).WorkingSet64

        $result.Status | Should -Be 'Succeeded'
        $result.Truncated | Should -BeTrue
        $result.StdOut.Length | Should -BeLessOrEqual (1MB)
        $result.StdOut | Should -BeLike '*aaaaSTDOUT-END'
        $result.StdErr | Should -BeLike '*bbbbSTDERR-END'
        ($after - $before) | Should -BeLessThan (100MB)
    }

    It 'shows live lines as host information tagged stdout and stderr, and -Quiet silences them' {
        $null = Invoke-HeroTask -Command (Get-KitCommand out out-line err err-line) -Shell -InformationVariable info 6>$null
        $info.Count | Should -Be 2
        ($info | Where-Object { $_.Tags -contains 'stdout' }).MessageData.Message | Should -Be 'out-line'
        ($info | Where-Object { $_.Tags -contains 'stderr' }).MessageData.Message | Should -Be 'err-line'

        $null = Invoke-HeroTask -Command (Get-KitCommand out out-line) -Shell -Quiet -InformationVariable quiet
        $quiet | Should -BeNullOrEmpty
    }

    It 'does not stall when a chatty task also writes verbose records from the pipeline thread' {
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $result = Invoke-HeroTask -Verbose -Timeout 60 -InformationVariable lines -- $Kit lines 1 5000 '{0}' 4>$null 6>$null
        $result.Status | Should -Be 'Succeeded'
        $lines.Count | Should -Be 5000
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 30
    }

    It 'never turns stderr into an error record by itself' {
        $result = Invoke-HeroTask -Command (Get-KitCommand err problem exit 0) -Shell -Quiet -ErrorVariable errs
        $result.Status | Should -Be 'Succeeded'
        $errs | Should -BeNullOrEmpty
        $result.StdErr.Trim() | Should -Be 'problem'
    }
}

Describe 'Invoke-HeroTask parameter validation' {
    It 'accepts <Value> as -Timeout' -ForEach @(
        @{ Value = 5 }
        @{ Value = '5s' }
        @{ Value = '250ms' }
        @{ Value = [timespan]'00:00:05' }
        @{ Value = '1h30m' }
        @{ Value = 'Infinite' }
    ) {
        $result = Invoke-HeroTask -Timeout $Value -- $Kit exit 0
        $result.Status | Should -Be 'Succeeded'
    }

    It 'rejects -Timeout <Value> as a binding error that names -Timeout' -ForEach @(
        @{ Value = -1 }
        @{ Value = 'banana' }
    ) {
        $caught = $null
        try { Invoke-HeroTask -Timeout $Value -- $Kit exit 0 } catch { $caught = $_ }
        $caught | Should -Not -BeNullOrEmpty
        $caught.FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentTransformationError*'
        $caught.Exception.Message | Should -Match 'Timeout'
    }

    It 'rejects a missing -WorkingDirectory before anything starts' {
        $marker = Join-Path $TestDrive 'should-not-exist.txt'
        { Invoke-HeroTask -WorkingDirectory (Join-Path $TestDrive 'nope') -- $Kit touch $marker } |
            Should -Throw -ExpectedMessage '*WorkingDirectory*'
        Test-Path $marker | Should -BeFalse
    }

    It 'rejects a NUL character in an argument, naming the argument and not echoing it' {
        { Invoke-HeroTask $Kit -ArgumentList 'out', "sec`0ret" } |
            Should -Throw -ExpectedMessage '*ArgumentList`[1`]*'
        try { Invoke-HeroTask $Kit -ArgumentList 'out', "sec`0ret" } catch { $_.Exception.Message | Should -Not -Match 'ret' }
    }

    It 'rejects an -OutputPath in a missing folder before anything starts' {
        $marker = Join-Path $TestDrive 'should-not-exist-2.txt'
        { Invoke-HeroTask -OutputPath (Join-Path $TestDrive 'missing' 'out.txt') -- $Kit touch $marker } |
            Should -Throw -ExpectedMessage '*OutputPath*'
        Test-Path $marker | Should -BeFalse
    }
}

Describe 'Invoke-HeroTask resource hygiene' -Skip:(-not $IsLinux) {
    It 'leaves no extra threads or file handles after 100 calls' {
        foreach ($i in 1..10) { $null = Invoke-HeroTask -Quiet -- true }
        [GC]::Collect(); [GC]::WaitForPendingFinalizers()
        $threadsBefore = (Get-Process -Id $PID).Threads.Count
        $handlesBefore = @(Get-ChildItem "/proc/$PID/fd").Count

        foreach ($i in 1..100) { $null = Invoke-HeroTask -Quiet -- true }
        [GC]::Collect(); [GC]::WaitForPendingFinalizers()

        Wait-Until { (Get-Process -Id $PID).Threads.Count -le $threadsBefore + 3 } -TimeoutSeconds 30 | Should -BeTrue
        @(Get-ChildItem "/proc/$PID/fd").Count | Should -BeLessOrEqual ($handlesBefore + 3)
    }
}
