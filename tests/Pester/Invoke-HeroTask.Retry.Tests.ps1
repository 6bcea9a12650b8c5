#Requires -Modules Pester
# Invoke-HeroTask retries: backoff curves and jitter measured between real attempts, which failures
# are retried, deadlines around the retries, and the retry parameters' validation.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')

    # A child that appends its start time (seconds, microsecond resolution) to a file, then fails.
    function Invoke-TimedFailure {
        param([string] $StampFile, [hashtable] $Retry)
        Invoke-HeroTask $Kit -ArgumentList 'stamp', $StampFile, 'exit', '1' -Quiet -ErrorAction SilentlyContinue @Retry
    }

    function Get-Gaps {
        param([string] $StampFile)
        $stamps = @(Get-Content -LiteralPath $StampFile | ForEach-Object { [double]$_ })
        for ($i = 1; $i -lt $stamps.Count; $i++) { $stamps[$i] - $stamps[$i - 1] }
    }

    # The waits Hero chose, read back from its verbose narration ("retrying in 118ms").
    function Get-ChosenDelays {
        param([object[]] $Verbose)
        foreach ($record in $Verbose) {
            if ("$record" -match 'retrying in (\d+) ?ms') { [int]$Matches[1] / 1000 }
            elseif ("$record" -match 'retrying in ([\d.]+)s') { [double]$Matches[1] }
        }
    }
}

Describe 'Invoke-HeroTask retries' {
    It 'succeeds on the third attempt of a script that fails twice' {
        $state = Join-Path $TestDrive 'attempts.txt'
        $result = Invoke-HeroTask $Kit -ArgumentList 'count', $state, '3' `
            -RetryCount 3 -RetryDelay 0.2 -Quiet
        $result.Status | Should -Be 'Succeeded'
        $result.Attempts | Should -Be 3
        (Get-Content -LiteralPath $state).Count | Should -Be 3
    }

    It 'spaces attempts exponentially: 0.1, 0.2, 0.4, 0.8 s without jitter' {
        $stamps = Join-Path $TestDrive 'exp.txt'
        $result = Invoke-TimedFailure -StampFile $stamps -Retry @{ RetryCount = 4; RetryDelay = 0.1; NoJitter = $true }
        $result.Attempts | Should -Be 5
        $gaps = @(Get-Gaps $stamps)
        $expected = 0.1, 0.2, 0.4, 0.8
        for ($i = 0; $i -lt 4; $i++) {
            $gaps[$i] | Should -BeGreaterOrEqual ($expected[$i] - 0.02)
            $gaps[$i] | Should -BeLessOrEqual ($expected[$i] + 0.4)
        }
    }

    It 'never waits longer than -MaxRetryDelay' {
        $stamps = Join-Path $TestDrive 'capped.txt'
        $null = Invoke-TimedFailure -StampFile $stamps -Retry @{ RetryCount = 4; RetryDelay = 0.1; MaxRetryDelay = 0.25; NoJitter = $true }
        foreach ($gap in Get-Gaps $stamps) {
            $gap | Should -BeLessOrEqual (0.25 + 0.4)
        }
        (Get-Gaps $stamps)[-1] | Should -BeGreaterOrEqual 0.23
    }

    It 'follows the <Backoff> curve' -ForEach @(
        @{ Backoff = 'Linear'; Expected = 0.1, 0.2, 0.3 }
        @{ Backoff = 'Constant'; Expected = 0.1, 0.1, 0.1 }
    ) {
        $stamps = Join-Path $TestDrive "$Backoff.txt"
        $null = Invoke-TimedFailure -StampFile $stamps -Retry @{ RetryCount = 3; RetryDelay = 0.1; NoJitter = $true; RetryBackoff = $Backoff }
        $gaps = @(Get-Gaps $stamps)
        for ($i = 0; $i -lt 3; $i++) {
            $gaps[$i] | Should -BeGreaterOrEqual ($Expected[$i] - 0.02)
            $gaps[$i] | Should -BeLessOrEqual ($Expected[$i] + 0.4)
        }
    }

    It 'jitters waits inside [half, full] of the nominal delay, differently on every run' {
        $runs = foreach ($run in 1..20) {
            $verbose = Invoke-HeroTask -RetryCount 2 -RetryDelay 0.1 -Quiet -ErrorAction SilentlyContinue -Verbose -- $Kit exit 1 4>&1 |
                Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
            $delays = @(Get-ChosenDelays $verbose)
            $delays.Count | Should -Be 2
            $delays[0] | Should -BeGreaterOrEqual 0.05
            $delays[0] | Should -BeLessOrEqual 0.1
            $delays[1] | Should -BeGreaterOrEqual 0.1
            $delays[1] | Should -BeLessOrEqual 0.2
            $delays -join ','
        }
        @($runs | Select-Object -Unique).Count | Should -BeGreaterThan 1
    }

    It 'retries only the exit codes in -RetryOnExitCode' {
        (Invoke-HeroTask -RetryCount 2 -RetryDelay 0.05 -RetryOnExitCode 75 -ErrorAction SilentlyContinue -- $Kit exit 75).Attempts | Should -Be 3
        (Invoke-HeroTask -RetryCount 2 -RetryDelay 0.05 -RetryOnExitCode 75 -ErrorAction SilentlyContinue -- $Kit exit 1).Attempts | Should -Be 1
    }

    It 'retries an attempt that hit -AttemptTimeout only with -RetryOnTimeout' {
        $with = Invoke-HeroTask -AttemptTimeout 0.5 -GracePeriod 0.5 -RetryCount 2 -RetryDelay 0.05 -RetryOnTimeout -ErrorAction SilentlyContinue -- $Kit sleep 10
        $with.Attempts | Should -Be 3
        $with.Status | Should -Be 'TimedOut'
        $without = Invoke-HeroTask -AttemptTimeout 0.5 -GracePeriod 0.5 -RetryCount 2 -RetryDelay 0.05 -ErrorAction SilentlyContinue -- $Kit sleep 10
        $without.Attempts | Should -Be 1
        $without.Status | Should -Be 'TimedOut'
        $without.ExitCode | Should -Be 124
    }

    It 'lets -RetryIf decide per attempt, with the attempt result as $_' {
        $flaky = Invoke-HeroTask -RetryCount 2 -RetryDelay 0.05 -Quiet `
            -RetryIf { $_.StdOut -match 'flaky' } -ErrorAction SilentlyContinue -- $Kit out flaky exit 1
        $flaky.Attempts | Should -Be 3
        $broken = Invoke-HeroTask -RetryCount 2 -RetryDelay 0.05 -Quiet `
            -RetryIf { $_.StdOut -match 'flaky' } -ErrorAction SilentlyContinue -- $Kit out broken exit 1
        $broken.Attempts | Should -Be 1
    }

    It 'treats the codes in -SuccessExitCode as success' {
        $result = Invoke-HeroTask -SuccessExitCode 0, 2 -RetryCount 3 -- $Kit exit 2
        $result.Status | Should -Be 'Succeeded'
        $result.Attempts | Should -Be 1
        $result.ExitCode | Should -Be 2
    }

    It 'ends TimedOut by -Timeout + grace + 1 s when retries would take longer' {
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $result = Invoke-HeroTask -RetryCount 10 -RetryDelay 1 -RetryOnTimeout -AttemptTimeout 1.5 -Timeout 3 -GracePeriod 1 -ErrorAction SilentlyContinue -- $Kit sleep 2
        $clock.Stop()
        $result.Status | Should -Be 'TimedOut'
        $result.ExitCode | Should -Be 124
        $clock.Elapsed.TotalSeconds | Should -BeLessThan (3 + 1 + 1)
    }

    It 'ends within 1 s when stopped (Ctrl+C) during a retry wait, with nothing left running' {
        $pidFile = Join-Path $TestDrive 'retry-wait-pids.txt'
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                param($module, $kit, $pidFile)
                Import-Module $module
                Invoke-HeroTask $kit -ArgumentList 'pid', $pidFile, 'exit', '1' -RetryCount 5 -RetryDelay 30 -NoJitter -Verbose
            }).AddArgument($ModuleManifest).AddArgument($Kit).AddArgument($pidFile)
            $async = $ps.BeginInvoke()
            Wait-Until { @($ps.Streams.Verbose | Where-Object { "$_" -match 'retrying in' }).Count -ge 1 } -TimeoutSeconds 15 | Should -BeTrue
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 1
            $async.IsCompleted | Should -BeTrue
            Get-LiveProcessIds (Read-PidFile $pidFile) | Should -BeNullOrEmpty
        }
        finally {
            $ps.Dispose()
        }
    }
}

Describe 'Invoke-HeroTask retry parameter validation' {
    It 'rejects <Parameter> <Value> as a binding error naming the parameter' -ForEach @(
        @{ Parameter = 'RetryCount'; Value = -1 }
        @{ Parameter = 'RetryDelay'; Value = 'soon' }
        @{ Parameter = 'RetryBackoff'; Value = 'Sideways' }
    ) {
        $splat = @{ $Parameter = $Value }
        $caught = $null
        try { Invoke-HeroTask $Kit exit 0 @splat } catch { $caught = $_ }
        $caught | Should -Not -BeNullOrEmpty
        $caught.Exception.Message | Should -Match $Parameter
        $caught.FullyQualifiedErrorId | Should -Match '^(ParameterArgumentValidationError|ParameterArgumentTransformationError|CannotConvertArgumentNoMessage)'
    }

    It 'ends the task with a clear error when -RetryIf throws' {
        $result = Invoke-HeroTask -RetryCount 3 -RetryDelay 0.05 -RetryIf { throw 'judge broke' } -ErrorVariable errs -ErrorAction SilentlyContinue -- $Kit exit 1
        $result.Attempts | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'HeroRetryIfFailed,*'
        $errs[0].Exception.Message | Should -Match 'judge broke'
    }
}
