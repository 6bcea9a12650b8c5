#Requires -Modules Pester
# Invoke-HeroTask's process engine against real processes: deadlines, kill groups, output, exit codes.

BeforeDiscovery {
    $script:OnUnix = -not $IsWindows
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')

    # sh -> sh -> sleep, plus a child that ignores SIGTERM and a grandchild that left the process
    # group with setsid. Every pid lands in the pid file so the test can check each one afterwards.
    $script:TreeScript = Join-Path $TestDrive 'tree.sh'
    Set-Content -LiteralPath $script:TreeScript -Value @'
#!/bin/sh
pids="$1"
echo $$ >> "$pids"
sh -c 'echo $$ >> "$1"; sleep 60 & echo $! >> "$1"; wait' sh "$pids" &
echo $! >> "$pids"
sh -c 'trap "" TERM; echo $$ >> "$1"; while :; do sleep 1; done' sh "$pids" &
echo $! >> "$pids"
if command -v setsid >/dev/null 2>&1; then
  setsid sh -c 'echo $$ >> "$1"; exec sleep 60' sh "$pids" &
fi
echo tree-started
wait
'@
    if (-not $IsWindows) { chmod +x $script:TreeScript }

    function Invoke-Tree {
        param([string] $PidFile, [hashtable] $Extra = @{})
        Invoke-HeroTask -FilePath $script:TreeScript -ArgumentList $PidFile -Quiet -ErrorAction SilentlyContinue @Extra
    }
}

Describe 'Invoke-HeroTask deadlines and kill groups' -Skip:(-not $OnUnix) {
    It 'times out a three-level tree that ignores SIGTERM, within timeout + grace + margin, leaving no process' {
        $pidFile = Join-Path $TestDrive 'pids-once.txt'
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $result = Invoke-Tree -PidFile $pidFile -Extra @{ Timeout = 2; GracePeriod = 1 }
        $clock.Stop()

        $result.Status | Should -Be 'TimedOut'
        $result.ExitCode | Should -Be 124
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 6
        $pids = Read-PidFile $pidFile
        $pids.Count | Should -BeGreaterOrEqual 5
        Get-LiveProcessIds $pids | Should -BeNullOrEmpty
        $result.KilledProcessCount | Should -BeGreaterOrEqual 5
    }

    It 'leaves zero survivors over twenty runs in a row' {
        $survivors = foreach ($run in 1..20) {
            $pidFile = Join-Path $TestDrive "pids-$run.txt"
            $result = Invoke-Tree -PidFile $pidFile -Extra @{ Timeout = 2; GracePeriod = 1 }
            $result.Status | Should -Be 'TimedOut'
            Get-LiveProcessIds (Read-PidFile $pidFile)
        }
        @($survivors) | Should -BeNullOrEmpty
    }

    It 'stops the tree when the pipeline is stopped (Ctrl+C), within grace + 2 s' {
        $pidFile = Join-Path $TestDrive 'pids-stop.txt'
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                param($module, $tree, $pidFile)
                Import-Module $module
                Invoke-HeroTask -FilePath $tree -ArgumentList $pidFile -GracePeriod 1 -Quiet
            }).AddArgument($ModuleManifest).AddArgument($TreeScript).AddArgument($pidFile)
            $async = $ps.BeginInvoke()
            Wait-Until { (Read-PidFile $pidFile).Count -ge 5 } -TimeoutSeconds 15 | Should -BeTrue
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $clock.Stop()
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 3
            $async.IsCompleted | Should -BeTrue
            Get-LiveProcessIds (Read-PidFile $pidFile) | Should -BeNullOrEmpty
        }
        finally {
            $ps.Dispose()
        }
    }

    It 'ends a task that prints once and then stays silent as Stalled' {
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $result = Invoke-HeroTask -Command 'echo one; sleep 30' -Shell -StallTimeout 1 -GracePeriod 1 -Quiet -ErrorAction SilentlyContinue
        $result.Status | Should -Be 'Stalled'
        $result.ExitCode | Should -Be 124
        $result.StdOut | Should -Match 'one'
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 5
    }

    It 'lets a task that prints every 0.2 s for 3 s succeed under the same stall timeout' {
        $result = Invoke-HeroTask -Command 'i=0; while [ $i -lt 15 ]; do echo tick $i; sleep 0.2; i=$((i+1)); done' -Shell -StallTimeout 1 -Quiet
        $result.Status | Should -Be 'Succeeded'
        ($result.StdOut -split "`n" | Where-Object { $_ -like 'tick*' }).Count | Should -Be 15
    }

    It 'returns soon after the child exits even when a background grandchild holds stdout' {
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $result = Invoke-HeroTask -Command 'sleep 30 & echo started' -Shell -Quiet
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 4
        $result.Status | Should -Be 'Succeeded'
        $result.StdOut | Should -Match 'started'
    }

    It 'ends what a successful task left running, even a setsid grandchild with no output' -Skip:(-not $IsLinux) {
        $pidFile = Join-Path $TestDrive 'daemon.txt'
        $result = Invoke-HeroTask sh -ArgumentList '-c', 'setsid sleep 30 >/dev/null 2>&1 < /dev/null & echo $! > "$1"', 'sh', $pidFile -Quiet -GracePeriod 1
        $result.Status | Should -Be 'Succeeded'
        $result.KilledProcessCount | Should -BeGreaterOrEqual 1
        Get-LiveProcessIds (Read-PidFile $pidFile) | Should -BeNullOrEmpty
    }

    It 'catches such a daemon even while it is still exec-ing, over 100 runs in a row' -Skip:(-not $IsLinux) {
        # The daemon may be swept in the middle of execve, when its environment reads empty for a
        # moment; before Hero looked again, about one run in 150 let it go.
        $pidFile = Join-Path $TestDrive 'daemons.txt'
        $counts = foreach ($i in 1..100) {
            (Invoke-HeroTask sh -ArgumentList '-c', 'setsid sleep 30 >/dev/null 2>&1 < /dev/null & echo $! >> "$1"', 'sh', $pidFile -Quiet -GracePeriod 1).KilledProcessCount
        }
        @($counts | Where-Object { $_ -lt 1 }).Count | Should -Be 0
        Get-LiveProcessIds (Read-PidFile $pidFile) | Should -BeNullOrEmpty
    }

    It 'keeps the complete output in -OutputPath even when the task timed out' {
        $out = Join-Path $TestDrive 'full-output.txt'
        $result = Invoke-HeroTask -Command 'i=1; while [ $i -le 1000 ]; do echo line$i; i=$((i+1)); done; sleep 30' -Shell `
            -Timeout 1 -GracePeriod 1 -OutputPath $out -Quiet -ErrorAction SilentlyContinue
        $result.Status | Should -Be 'TimedOut'
        $lines = Get-Content -LiteralPath $out
        $lines.Count | Should -Be 1000
        $lines[-1] | Should -Be 'line1000'
    }
}

Describe 'Invoke-HeroTask output' -Skip:(-not $OnUnix) {
    It 'drains 200 MB of stdout and 50 MB of stderr, interleaved, with bounded memory' {
        [GC]::Collect()
        $before = (Get-Process -Id $PID).WorkingSet64
        $script = 'i=0; while [ $i -lt 50 ]; do head -c 4000000 /dev/zero | tr "\0" a; head -c 1000000 /dev/zero | tr "\0" b >&2; i=$((i+1)); done; printf STDOUT-END; printf STDERR-END >&2'
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
        $null = Invoke-HeroTask -Command 'echo out-line; echo err-line >&2' -Shell -InformationVariable info 6>$null
        $info.Count | Should -Be 2
        ($info | Where-Object { $_.Tags -contains 'stdout' }).MessageData.Message | Should -Be 'out-line'
        ($info | Where-Object { $_.Tags -contains 'stderr' }).MessageData.Message | Should -Be 'err-line'

        $null = Invoke-HeroTask -Command 'echo out-line' -Shell -Quiet -InformationVariable quiet
        $quiet | Should -BeNullOrEmpty
    }

    It 'does not stall when a chatty task also writes verbose records from the pipeline thread' {
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $result = Invoke-HeroTask seq 1 5000 -Verbose -Timeout 60 -InformationVariable lines 4>$null 6>$null
        $result.Status | Should -Be 'Succeeded'
        $lines.Count | Should -Be 5000
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 30
    }

    It 'never turns stderr into an error record by itself' {
        $result = Invoke-HeroTask -Command 'echo problem >&2; exit 0' -Shell -Quiet -ErrorVariable errs
        $result.Status | Should -Be 'Succeeded'
        $errs | Should -BeNullOrEmpty
        $result.StdErr.Trim() | Should -Be 'problem'
    }
}

Describe 'Invoke-HeroTask exit codes and errors' -Skip:(-not $OnUnix) {
    It 'maps exit 0 to Succeeded and sets $LASTEXITCODE' {
        $result = Invoke-HeroTask true
        $result.Status | Should -Be 'Succeeded'
        $result.ExitCode | Should -Be 0
        $LASTEXITCODE | Should -Be 0
        $result.Name | Should -Be 'true'
    }

    It 'maps exit 3 to Failed with HeroTaskFailed and $LASTEXITCODE 3' {
        $result = Invoke-HeroTask sh -ArgumentList '-c', 'exit 3' -ErrorVariable errs -ErrorAction SilentlyContinue
        $result.Status | Should -Be 'Failed'
        $result.ExitCode | Should -Be 3
        $LASTEXITCODE | Should -Be 3
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'HeroTaskFailed,*'
        $errs[0].TargetObject.ExitCode | Should -Be 3
    }

    It 'reports a missing program as StartFailed 127 (ObjectNotFound)' {
        $result = Invoke-HeroTask hero-no-such-program-xyz -ErrorVariable errs -ErrorAction SilentlyContinue
        $result.Status | Should -Be 'StartFailed'
        $result.ExitCode | Should -Be 127
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'HeroTaskStartFailed,*'
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $LASTEXITCODE | Should -Be 127
    }

    It 'reports a file that is not executable as StartFailed 126 (PermissionDenied)' {
        $file = Join-Path $TestDrive 'not-executable.sh'
        Set-Content -LiteralPath $file -Value 'echo hi'
        $result = Invoke-HeroTask $file -ErrorVariable errs -ErrorAction SilentlyContinue
        $result.ExitCode | Should -Be 126
        $errs[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
    }

    It 'maps death by signal 9 to 137' {
        $result = Invoke-HeroTask sh -ArgumentList '-c', 'kill -9 $$' -ErrorAction SilentlyContinue
        $result.ExitCode | Should -Be 137
        $result.Signal | Should -Be 9
        $result.Status | Should -Be 'Failed'
    }

    It 'makes a failure terminating under -ErrorAction Stop, with the result as TargetObject' {
        $caught = $null
        try {
            Invoke-HeroTask sh -ArgumentList '-c', 'echo broken >&2; exit 5' -Quiet -ErrorAction Stop
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

Describe 'Invoke-HeroTask arguments and environment' -Skip:(-not $OnUnix) {
    It 'passes arguments verbatim, without a shell' {
        $arguments = @('with space', 'quote"double', "quote'single", '', 'héllo wörld ☃', ';|&$()', '$HOME', '*', '--flag=1')
        $result = Invoke-HeroTask printf -ArgumentList (@('<%s>\n') + $arguments) -Quiet
        $expected = $arguments | ForEach-Object { "<$_>" }
        ($result.StdOut.TrimEnd("`n") -split "`n") | Should -Be $expected
    }

    It 'takes the program and its arguments positionally' {
        $result = Invoke-HeroTask printf '%s-%s' a b -Quiet
        $result.StdOut | Should -Be 'a-b'
    }

    It 'adds and removes variables for the child only' {
        $env:HERO_TEST_INHERITED = 'inherited'
        try {
            $result = Invoke-HeroTask sh -ArgumentList '-c', 'echo "added=$HERO_TEST_ADDED removed=${HERO_TEST_INHERITED-unset}"' `
                -Environment @{ HERO_TEST_ADDED = 'yes'; HERO_TEST_INHERITED = $null } -Quiet
            $result.StdOut.Trim() | Should -Be 'added=yes removed=unset'
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
            $result = Invoke-HeroTask pwd -WorkingDirectory 'work dir' -Quiet
        }
        finally {
            Pop-Location
        }
        $result.StdOut.Trim() | Should -Be $folder.FullName
    }

    It 'gives the child an empty stdin, or -StandardInput' {
        (Invoke-HeroTask cat -Quiet -Timeout 5).StdOut | Should -BeNullOrEmpty
        (Invoke-HeroTask cat -StandardInput "fed`nlines" -Quiet).StdOut | Should -Be "fed`nlines"
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

Describe 'Invoke-HeroTask parameter validation' {
    It 'accepts <Value> as -Timeout' -ForEach @(
        @{ Value = 5 }
        @{ Value = '5s' }
        @{ Value = '250ms' }
        @{ Value = [timespan]'00:00:05' }
        @{ Value = '1h30m' }
        @{ Value = 'Infinite' }
    ) {
        $result = Invoke-HeroTask true -Timeout $Value
        $result.Status | Should -Be 'Succeeded'
    }

    It 'rejects -Timeout <Value> as a binding error that names -Timeout' -ForEach @(
        @{ Value = -1 }
        @{ Value = 'banana' }
    ) {
        $caught = $null
        try { Invoke-HeroTask true -Timeout $Value } catch { $caught = $_ }
        $caught | Should -Not -BeNullOrEmpty
        $caught.FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentTransformationError*'
        $caught.Exception.Message | Should -Match 'Timeout'
    }

    It 'rejects a missing -WorkingDirectory before anything starts' {
        $marker = Join-Path $TestDrive 'should-not-exist.txt'
        { Invoke-HeroTask touch $marker -WorkingDirectory (Join-Path $TestDrive 'nope') } |
            Should -Throw -ExpectedMessage '*WorkingDirectory*'
        Test-Path $marker | Should -BeFalse
    }

    It 'rejects a NUL character in an argument, naming the argument and not echoing it' {
        { Invoke-HeroTask echo -ArgumentList 'fine', "sec`0ret" } |
            Should -Throw -ExpectedMessage '*ArgumentList`[1`]*'
        try { Invoke-HeroTask echo -ArgumentList 'fine', "sec`0ret" } catch { $_.Exception.Message | Should -Not -Match 'ret' }
    }

    It 'rejects an -OutputPath in a missing folder before anything starts' {
        $marker = Join-Path $TestDrive 'should-not-exist-2.txt'
        { Invoke-HeroTask touch $marker -OutputPath (Join-Path $TestDrive 'missing' 'out.txt') } |
            Should -Throw -ExpectedMessage '*OutputPath*'
        Test-Path $marker | Should -BeFalse
    }
}

Describe 'Invoke-HeroTask resource hygiene' -Skip:(-not $IsLinux) {
    It 'leaves no extra threads or file handles after 100 calls' {
        foreach ($i in 1..10) { $null = Invoke-HeroTask true -Quiet }
        [GC]::Collect(); [GC]::WaitForPendingFinalizers()
        $threadsBefore = (Get-Process -Id $PID).Threads.Count
        $handlesBefore = @(Get-ChildItem "/proc/$PID/fd").Count

        foreach ($i in 1..100) { $null = Invoke-HeroTask true -Quiet }
        [GC]::Collect(); [GC]::WaitForPendingFinalizers()

        Wait-Until { (Get-Process -Id $PID).Threads.Count -le $threadsBefore + 3 } -TimeoutSeconds 30 | Should -BeTrue
        @(Get-ChildItem "/proc/$PID/fd").Count | Should -BeLessOrEqual ($handlesBefore + 3)
    }
}
