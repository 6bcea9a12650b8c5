#Requires -Modules Pester
# Measure-HeroTask against real processes and hyperfine: timing, whole-tree CPU and memory, exports,
# hooks, failures and bad input.

BeforeDiscovery {
    $script:OnUnix = -not $IsWindows
    $script:Perl = Get-Command perl -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    $script:Hyperfine = Get-Command hyperfine -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Fixtures = Join-Path $PSScriptRoot '..' 'Fixtures'
    $script:PerlPath = (Get-Command perl -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1).Source
    $script:HyperfinePath = (Get-Command hyperfine -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1).Source

    # Reads a hyperfine JSON file with the perl reader, which knows only hyperfine's field names.
    function Read-HyperfineJson([string] $Path) {
        & $script:PerlPath (Join-Path $script:Fixtures 'read-hyperfine-json.pl') $Path | ForEach-Object {
            $command, $mean, $median, $runs, $fromTimes = $_ -split "`t"
            [pscustomobject]@{ Command = $command; Mean = [double]$mean; Median = [double]$median; Runs = [int]$runs; MeanOfTimes = [double]$fromTimes }
        }
    }

    function Get-Seconds([TimeSpan] $Value) { $Value.Ticks / [TimeSpan]::TicksPerSecond }
}

Describe 'Measure-HeroTask against hyperfine' -Skip:(-not $OnUnix) {
    BeforeAll {
        if (-not $script:HyperfinePath) {
            Set-ItResult -Skipped -Because 'hyperfine is not installed (apt-get install hyperfine; .ci/run installs it)'
        }

        # Hero and hyperfine take turns, three rounds each; the least disturbed round of each side is
        # compared, so a burst of load on the shared machine hits a round, not the verdict.
        function Compare-WithHyperfine([string[]] $Command, [int] $Runs) {
            $hero = @(); $anchor = @()
            foreach ($round in 1..3) {
                $m = Measure-HeroTask -FilePath $Command[0] -ArgumentList @($Command | Select-Object -Skip 1) -Iterations $Runs -Warmup 3 -WarningAction SilentlyContinue
                $hero += Get-Seconds $m.Mean
                $json = Join-Path $TestDrive "hyperfine-$round.json"
                & $script:HyperfinePath -N --style none --warmup 3 --runs $Runs --export-json $json ($Command -join ' ') 2>$null | Out-Null
                $anchor += (Get-Content -LiteralPath $json -Raw | ConvertFrom-Json).results[0].mean
            }
            [pscustomobject]@{ Hero = ($hero | Measure-Object -Minimum).Minimum; Hyperfine = ($anchor | Measure-Object -Minimum).Minimum }
        }
    }

    It 'agrees with hyperfine -N within 3 ms on sleep 0.05' {
        if (-not $script:HyperfinePath) { Set-ItResult -Skipped -Because 'hyperfine is not installed'; return }
        $pair = Compare-WithHyperfine -Command 'sleep', '0.05' -Runs 10
        [Math]::Abs($pair.Hero - $pair.Hyperfine) | Should -BeLessOrEqual 0.003 -Because "Hero $($pair.Hero * 1000) ms, hyperfine $($pair.Hyperfine * 1000) ms"
    }

    It 'is at most 2 ms above hyperfine -N on /bin/true' {
        if (-not $script:HyperfinePath) { Set-ItResult -Skipped -Because 'hyperfine is not installed'; return }
        $pair = Compare-WithHyperfine -Command '/bin/true' -Runs 100
        ($pair.Hero - $pair.Hyperfine) | Should -BeLessOrEqual 0.002 -Because "Hero $($pair.Hero * 1000) ms, hyperfine $($pair.Hyperfine * 1000) ms"
    }

    It 'writes JSON that a hyperfine reader reads as it reads hyperfine''s own' {
        if (-not $script:HyperfinePath) { Set-ItResult -Skipped -Because 'hyperfine is not installed'; return }
        $theirs = Join-Path $TestDrive 'theirs.json'
        & $script:HyperfinePath -N --style none --runs 3 --export-json $theirs 'sleep 0.01' 2>$null | Out-Null
        $read = @(Read-HyperfineJson $theirs)
        $read[0].Runs | Should -Be 3
        $read[0].Mean | Should -BeGreaterThan 0.009
    }
}

Describe 'Measure-HeroTask exports' -Skip:(-not $Perl) {
    It 'writes hyperfine JSON that gives the same mean and median as the result' {
        $json = Join-Path $TestDrive 'hero.json'
        $m = Measure-HeroTask -FilePath $script:PerlPath -ArgumentList '-e', 'select(undef, undef, undef, 0.01)' -Iterations 7 -Warmup 0 -ExportJson $json -Name perl-sleep -WarningAction SilentlyContinue
        $read = @(Read-HyperfineJson $json)
        $read | Should -HaveCount 1
        $read[0].Runs | Should -Be 7
        $read[0].Mean | Should -Be (Get-Seconds $m.Mean)
        $read[0].Median | Should -Be (Get-Seconds $m.Median)
        [Math]::Abs($read[0].MeanOfTimes - $read[0].Mean) | Should -BeLessThan 1e-6
        $raw = Get-Content -LiteralPath $json -Raw | ConvertFrom-Json
        $raw.results[0].exit_codes | Should -Be @(0, 0, 0, 0, 0, 0, 0)
        $raw.results[0].command | Should -Be 'perl-sleep'
        $raw.results[0].hero.command | Should -Be $m.Command
    }

    It 'replaces existing files whole and leaves nothing beside them' {
        $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'exports') -Force
        $md = Join-Path $folder 'table.md'; $csv = Join-Path $folder 'table.csv'
        Set-Content -LiteralPath $md -Value ('old' * 10000)
        $targets = @{ Name = 'a'; FilePath = $script:PerlPath; ArgumentList = '-e', '1' }, @{ Name = 'b'; FilePath = $script:PerlPath; ArgumentList = '-e', 'select(undef, undef, undef, 0.02)' }
        $results = $targets | Measure-HeroTask -Iterations 3 -Warmup 0 -ExportMarkdown $md -ExportCsv $csv -Quiet -WarningAction SilentlyContinue
        $results | Should -HaveCount 2
        $lines = Get-Content -LiteralPath $md
        $lines[0] | Should -Be '| Command | Mean [ms] | Min [ms] | Max [ms] | Relative |'
        $lines | Should -HaveCount 4
        $lines[2] | Should -Match '^\| `a` \| .* \| 1\.00 \|$'
        (Get-Content -LiteralPath $csv)[0] | Should -Match '^command,mean,stddev,median,user,system,min,max,hero_command,'
        @(Get-ChildItem -LiteralPath $folder -Force).Name | Sort-Object | Should -Be @('table.csv', 'table.md')
    }
}

Describe 'Measure-HeroTask whole-tree CPU and memory' -Skip:(-not $Perl) {
    It 'reports at least 180 MiB for three children holding 64 MiB each at the same time' {
        $m = Measure-HeroTask -Iterations 1 -Warmup 0 -WarningAction SilentlyContinue -- $script:PerlPath (Join-Path $script:Fixtures 'hold-memory.pl') 3 64 0.5
        $m.PeakMemoryMax | Should -BeGreaterOrEqual 180MB -Because "source $($m.MemorySource)"
        $m.MemorySource | Should -Not -BeNullOrEmpty
    }

    It 'reports 60 to 120 MiB for one such child' {
        $m = Measure-HeroTask -Iterations 1 -Warmup 0 -WarningAction SilentlyContinue -- $script:PerlPath (Join-Path $script:Fixtures 'hold-memory.pl') 1 64 0.5
        $m.PeakMemoryMax | Should -BeGreaterOrEqual 60MB
        $m.PeakMemoryMax | Should -BeLessThan 120MB
    }

    It 'reports at least 0.9 s of CPU for two children burning 0.5 s each' {
        $m = Measure-HeroTask -Iterations 1 -Warmup 0 -WarningAction SilentlyContinue -- $script:PerlPath (Join-Path $script:Fixtures 'burn-cpu.pl') 2 0.5
        ($m.UserMean + $m.SystemMean).TotalSeconds | Should -BeGreaterOrEqual 0.9 -Because "source $($m.CpuSource)"
        $m.Runs[0].CpuTime | Should -Be ($m.UserMean + $m.SystemMean)
    }

    It 'says $null, not 0, for what a script block cannot measure' {
        $m = Measure-HeroTask -ScriptBlock { Start-Sleep -Milliseconds 20 } -Iterations 3 -Warmup 0 -WarningAction SilentlyContinue
        $m.UserMean | Should -BeNullOrEmpty
        $m.PeakMemoryMax | Should -BeNullOrEmpty
        $m.CpuSource | Should -BeNullOrEmpty
        $m.Mean.TotalMilliseconds | Should -BeGreaterOrEqual 19
        $m.Mean.TotalMilliseconds | Should -BeLessThan 500
    }
}

Describe 'Measure-HeroTask runs, hooks and failures' {
    It 'runs -Setup once and -Prepare and -Conclude around every run, warmup included' {
        $setup = Join-Path $TestDrive 'setup.txt'; $prepare = Join-Path $TestDrive 'prepare.txt'; $conclude = Join-Path $TestDrive 'conclude.txt'
        $m = Measure-HeroTask -Command 'exit 0' -Shell -Iterations 3 -Warmup 2 `
            -Setup { Add-Content -LiteralPath $setup -Value x } -Prepare "echo x>> `"$prepare`"" -Conclude { Add-Content -LiteralPath $conclude -Value x }
        $m.Runs | Should -HaveCount 3
        @(Get-Content -LiteralPath $setup) | Should -HaveCount 1
        @(Get-Content -LiteralPath $prepare) | Should -HaveCount 5
        @(Get-Content -LiteralPath $conclude) | Should -HaveCount 5
    }

    It 'stops at a failing run with an error that names the run and its exit code' {
        $m = Measure-HeroTask -Command 'exit 3' -Shell -Iterations 3 -Warmup 0 -ErrorVariable failure -ErrorAction SilentlyContinue
        $m | Should -BeNullOrEmpty
        $failure | Should -HaveCount 1
        $failure[0].FullyQualifiedErrorId | Should -Be 'HeroMeasurementFailed,Hero.PowerShell.Commands.MeasureHeroTaskCommand'
        $failure[0].Exception.Message | Should -Match "Run 1 of 'exit 3' failed with exit code 3"
        $failure[0].TargetObject.Runs | Should -HaveCount 1
    }

    It 'measures failing runs with -IgnoreExitCode' {
        $m = Measure-HeroTask -Command 'exit 3' -Shell -Iterations 3 -Warmup 0 -IgnoreExitCode -WarningVariable warned -WarningAction SilentlyContinue
        $m.ExitCodes | Should -Be @(3, 3, 3)
        "$warned" | Should -Match 'Ignoring the failure of runs 1, 2, 3'
    }

    It 'ends a hung run at -Timeout with the stop sequence and leaves no survivors' -Skip:(-not $OnUnix) {
        $pidFile = Join-Path $TestDrive 'hung.pid'
        $clock = [Diagnostics.Stopwatch]::StartNew()
        Measure-HeroTask -Command "sleep 60 & echo `$! > '$pidFile'; trap '' TERM; wait" -Shell -Timeout 1 -GracePeriod 0.5 -Iterations 2 -Warmup 0 `
            -ErrorVariable failure -ErrorAction SilentlyContinue | Out-Null
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 6
        $failure[0].Exception.Message | Should -Match 'Run 1 of .* timed out'
        $failure[0].Exception.ExitCode | Should -Be 124
        Get-LiveProcessIds (Read-PidFile $pidFile) | Should -BeNullOrEmpty
    }

    It 'compares several targets from the pipeline like hyperfine' {
        $fast = New-HeroTask -Name fast -Command 'exit 0' -Shell
        $slow = @{ Name = 'slow'; ScriptBlock = { Start-Sleep -Milliseconds 30 } }
        $results = $fast, $slow | Measure-HeroTask -Iterations 3 -Warmup 0 -WarningAction SilentlyContinue -InformationVariable said 6>$null
        $results.Name | Should -Be @('fast', 'slow')
        $said.MessageData.Message | Should -Match "^'fast' ran \d+\.\d\d ± \d+\.\d\d times faster than 'slow'$"
        $results = $fast, $slow | Measure-HeroTask -Iterations 3 -Warmup 0 -Reference slow -WarningAction SilentlyContinue -InformationVariable said 6>$null
        $said.MessageData.Message | Should -Match "^'slow' ran .* times slower than 'fast'$"
    }

    It 'scans a parameter, one target per value' {
        $results = Measure-HeroTask -ScriptBlock { Start-Sleep -Milliseconds ([int]$ms) } -Name nap -ParameterName ms -ParameterValue 5, 40 -Iterations 3 -Warmup 1 -Quiet -WarningAction SilentlyContinue
        $results.Name | Should -Be @('nap (ms=5)', 'nap (ms=40)')
        $results[1].Parameters['ms'] | Should -Be '40'
        $results[1].Mean | Should -BeGreaterThan $results[0].Mean
        $shell = Measure-HeroTask -Command 'exit {code}' -Shell -ParameterName code -ParameterValue 0, 4 -Iterations 1 -Warmup 0 -IgnoreExitCode -Quiet -WarningAction SilentlyContinue
        $shell.Name | Should -Be @('exit 0', 'exit 4')
        $shell[1].ExitCodes | Should -Be @(4)
    }

    It 'writes heartbeat lines in a non-interactive host' {
        $m = Measure-HeroTask -ScriptBlock { Start-Sleep -Milliseconds 50 } -Name beat -Iterations 12 -Warmup 0 -HeartbeatInterval 0.2 -WarningAction SilentlyContinue -InformationVariable said 6>$null
        $m.Runs | Should -HaveCount 12
        @($said | Where-Object Tags -Contains 'heartbeat').MessageData.Message | Should -Match '^\[beat\] measuring: run \d+ of 12, mean'
    }
}

Describe 'Measure-HeroTask bad input' {
    BeforeAll {
        $script:Marker = Join-Path $TestDrive 'ran.txt'
        $script:Setup = { Add-Content -LiteralPath $script:Marker -Value x }
    }

    It 'refuses <Case> before anything runs, naming -<Parameter>' -ForEach @(
        @{ Case = '-Iterations 0'; Parameter = 'Iterations'; Extra = @{ Iterations = 0 } }
        @{ Case = '-Warmup -1'; Parameter = 'Warmup'; Extra = @{ Warmup = -1 } }
        @{ Case = 'an unknown -Reference'; Parameter = 'Reference'; Extra = @{ Reference = 'nope' } }
        @{ Case = 'an export in a missing folder'; Parameter = 'ExportJson'; Extra = @{ ExportJson = 'missing-folder/out.json' } }
        @{ Case = '-Iterations with -MaxIterations'; Parameter = 'Iterations'; Extra = @{ Iterations = 3; MaxIterations = 5 } }
    ) {
        $marker = $script:Marker
        if ($Extra.ExportJson) { $Extra.ExportJson = Join-Path $TestDrive $Extra.ExportJson }
        { Measure-HeroTask -Command 'exit 0' -Shell -Setup { Add-Content -LiteralPath $marker -Value x } @Extra -ErrorAction Stop } |
            Should -Throw -ExpectedMessage "*$Parameter*"
        Test-Path -LiteralPath $marker | Should -BeFalse
    }

    It 'refuses a task from the pipeline that asks for retries, naming the key' {
        $marker = $script:Marker
        { @{ Name = 'flaky'; Command = 'exit 0'; Shell = $true; RetryCount = 2 } | Measure-HeroTask -Setup { Add-Content -LiteralPath $marker -Value x } -ErrorAction Stop } |
            Should -Throw -ExpectedMessage "*RetryCount*"
        Test-Path -LiteralPath $marker | Should -BeFalse
        (Get-Command Measure-HeroTask).Parameters.ContainsKey('RetryCount') | Should -BeFalse
    }
}
