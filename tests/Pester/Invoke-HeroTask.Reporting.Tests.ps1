#Requires -Modules Pester
# What Invoke-HeroTask shows and writes about a batch: live lines of parallel tasks, the CI
# services' own commands (GitHub Actions, Azure Pipelines), JUnit XML and JSON lines.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')

    function Invoke-Captured {
        # The information stream (live lines and CI commands) as plain strings, plus the results.
        param([scriptblock] $Script)
        $records = & $Script 6>&1
        [pscustomobject]@{
            Lines = @($records | Where-Object { $_ -is [System.Management.Automation.InformationRecord] } | ForEach-Object { "$($_.MessageData)" })
            Results = @($records | Where-Object { $_ -is [Hero.HeroTaskResult] })
        }
    }
}

Describe 'Live output of parallel tasks' {
    It 'keeps every line whole and prefixed with its task name' {
        $payload = 'x' * 300
        $tasks = 1..8 | ForEach-Object { @{ Name = "chatty-$_"; FilePath = $Kit; ArgumentList = 'lines', '0', '199', "line-$_-{0}-$payload" } }
        $captured = Invoke-Captured { $tasks | Invoke-HeroTask -ThrottleLimit 8 -CI None }
        $captured.Lines.Count | Should -Be 1600
        foreach ($line in $captured.Lines) {
            $line | Should -Match "^\[chatty-(\d)\] line-\1-\d+-$payload$"
        }
    }
}

Describe 'CI output' {
    BeforeEach {
        $script:SavedEnvironment = @{ GITHUB_ACTIONS = $env:GITHUB_ACTIONS; GITHUB_STEP_SUMMARY = $env:GITHUB_STEP_SUMMARY; TF_BUILD = $env:TF_BUILD; AGENT_TEMPDIRECTORY = $env:AGENT_TEMPDIRECTORY }
        Remove-Item Env:GITHUB_ACTIONS, Env:GITHUB_STEP_SUMMARY, Env:TF_BUILD, Env:AGENT_TEMPDIRECTORY -ErrorAction SilentlyContinue
    }

    AfterEach {
        foreach ($name in $SavedEnvironment.Keys) {
            Set-Item -Path "Env:$name" -Value $SavedEnvironment[$name]
        }
    }

    It 'speaks GitHub Actions: groups, error annotations and a summary table' {
        $env:GITHUB_ACTIONS = 'true'
        $env:GITHUB_STEP_SUMMARY = Join-Path $TestDrive 'summary.md'
        $captured = Invoke-Captured {
            @(
                @{ Name = 'good'; Command = (Get-KitCommand out fine) }
                @{ Name = 'bad'; Command = (Get-KitCommand err broken exit 2) }
            ) | Invoke-HeroTask -ErrorAction SilentlyContinue
        }
        $lines = $captured.Lines
        @($lines | Where-Object { $_ -like '::group::*' }).Count | Should -Be 2
        @($lines | Where-Object { $_ -eq '::endgroup::' }).Count | Should -Be 2
        $lines | Should -Contain 'fine'
        $errors = @($lines | Where-Object { $_ -like '::error title=*' })
        $errors.Count | Should -Be 1
        $errors[0] | Should -Match '^::error title=bad%3A Failed::'
        $summary = Get-Content -LiteralPath $env:GITHUB_STEP_SUMMARY -Raw
        $summary | Should -Match '\| Task \| Status \|'
        $summary | Should -Match '\| good \|'
        $summary | Should -Match '\| bad \|'
    }

    It 'keeps to GitHub''s annotation limit and names the rest in the summary' {
        $env:GITHUB_ACTIONS = 'true'
        $env:GITHUB_STEP_SUMMARY = Join-Path $TestDrive 'summary-60.md'
        $captured = Invoke-Captured { 1..60 | ForEach-Object { @{ Name = "broken-$_"; FilePath = $Kit; ArgumentList = 'exit', '1' } } | Invoke-HeroTask -ThrottleLimit 8 -ErrorAction SilentlyContinue }
        @($captured.Lines | Where-Object { $_ -like '::error *' }).Count | Should -Be 10
        $summary = Get-Content -LiteralPath $env:GITHUB_STEP_SUMMARY -Raw
        $summary | Should -Match '50 more failure\(s\) beyond the annotation limit'
        ([regex]::Matches($summary, '`broken-\d+`')).Count | Should -Be 50
    }

    It 'speaks Azure Pipelines' {
        $env:TF_BUILD = 'True'
        $env:AGENT_TEMPDIRECTORY = $TestDrive
        $captured = Invoke-Captured { @{ Name = 'bad'; FilePath = $Kit; ArgumentList = 'exit', '1' } | Invoke-HeroTask -ErrorAction SilentlyContinue }
        $captured.Lines | Should -Contain '##[endgroup]'
        @($captured.Lines | Where-Object { $_ -like '##`[group`]bad*' }).Count | Should -Be 1
        @($captured.Lines | Where-Object { $_ -like '##vso`[task.logissue type=error*' }).Count | Should -Be 1
    }

    It 'writes none of it with -CI None' {
        $env:GITHUB_ACTIONS = 'true'
        $captured = Invoke-Captured { @{ Name = 'bad'; FilePath = $Kit; ArgumentList = 'exit', '1' } | Invoke-HeroTask -CI None -ErrorAction SilentlyContinue }
        @($captured.Lines | Where-Object { $_ -match '^(::|##)' }) | Should -BeNullOrEmpty
    }
}

Describe 'Reports' {
    BeforeAll {
        $script:Tasks = @(
            @{ Name = 'passes'; Command = (Get-KitCommand out 'all good') }
            @{ Name = 'fails'; Command = (Get-KitCommand out 'the output tail' exit 3) }
            @{ Name = 'hangs'; Command = (Get-KitCommand sleep 30); Timeout = 1; GracePeriod = 0.5 }
            @{ Name = 'skipped'; FilePath = $Kit; ArgumentList = 'exit', '0'; DependsOn = 'fails' }
        )
    }

    It 'writes JUnit XML whose counts and times match the results' {
        $junit = Join-Path $TestDrive 'junit.xml'
        $results = $Tasks | Invoke-HeroTask -JUnitPath $junit -Quiet -CI None -ErrorAction SilentlyContinue
        [xml]$xml = Get-Content -LiteralPath $junit -Raw
        $suite = $xml.testsuites.testsuite
        [int]$suite.tests | Should -Be 4
        [int]$suite.failures | Should -Be 1
        [int]$suite.errors | Should -Be 1
        [int]$suite.skipped | Should -Be 1
        [double]$suite.time | Should -BeGreaterOrEqual 1
        $failed = $suite.testcase | Where-Object name -eq 'fails'
        $failed.failure.InnerText | Should -Match 'the output tail'
        ($suite.testcase | Where-Object name -eq 'hangs').error.type | Should -Be 'TimedOut'
        foreach ($case in $suite.testcase) {
            $result = $results | Where-Object Name -eq $case.name
            [double]$case.time | Should -BeGreaterOrEqual ([Math]::Round($result.Duration.TotalSeconds, 3) - 0.001)
            [double]$case.time | Should -BeLessOrEqual ([Math]::Round($result.Duration.TotalSeconds, 3) + 0.001)
        }
    }

    It 'appends one JSON object per task to -ResultPath' {
        $report = Join-Path $TestDrive 'results.jsonl'
        $null = $Tasks | Invoke-HeroTask -ResultPath $report -Quiet -CI None -ErrorAction SilentlyContinue
        $first = @(Get-Content -LiteralPath $report | ConvertFrom-Json)
        $first.Count | Should -Be 4
        $fails = $first | Where-Object name -eq 'fails'
        $fails.status | Should -Be 'Failed'
        $fails.exitCode | Should -Be 3
        $fails.durationMs | Should -BeGreaterThan 0
        (Get-Content -LiteralPath $report)[0] | Should -Match '"startTime":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"'
        $fails.stdOutTail | Should -Match 'the output tail'
        $null = Invoke-HeroTask -ResultPath $report -CI None -- $Kit exit 0
        @(Get-Content -LiteralPath $report).Count | Should -Be 5
    }

    It 'still returns the result, with a non-terminating error, when a report cannot be written' -Skip:(-not (Test-Path /dev/full)) {
        $result = Invoke-HeroTask -ResultPath /dev/full -CI None -ErrorVariable problems -ErrorAction SilentlyContinue -- $Kit exit 0
        $result.Status | Should -Be 'Succeeded'
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'HeroTaskReportFailed,*'
        $problems[0].Exception.Message | Should -Match '/dev/full'
    }
}
