#Requires -Modules Pester
# Test-HeroSlo against real files and processes: the threshold grammar, verdicts on noise (fixed
# sample sets, so the point is the verdict logic, not the machine), regressions of real runs, CI
# shards, CI output and reports, and bad input.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')

    # A hyperfine JSON file with the given run times (seconds), as Measure-HeroTask -ExportJson writes it.
    function New-TimesFile([string] $Name, [double[]] $Times, [string] $Command = 'noisy') {
        $path = Join-Path $TestDrive $Name
        $json = @{ results = @(@{ command = $Command; mean = ($Times | Measure-Object -Average).Average; times = $Times; exit_codes = @(0) * $Times.Count }) } | ConvertTo-Json -Depth 5
        Set-Content -LiteralPath $path -Value $json
        $path
    }

    # 20 runs spread evenly over 100 ms +- 10 %, in an order fixed by a seeded shuffle.
    $random = [System.Random]::new(20260101)
    $script:Noisy = @(0..19 | ForEach-Object { 0.090 + 0.001 * ($_ + 0.5) } | Sort-Object { $random.Next() })
    $script:NoisyFile = New-TimesFile 'noisy.json' $script:Noisy
}

Describe 'Threshold grammar' {
    It '<Threshold> (<Metric>) has the limit <Limit> <Unit>' -ForEach @(
        @{ Threshold = 'p(95) < 20s'; Metric = 'duration'; Limit = 20; Unit = 'seconds' }
        @{ Threshold = 'p(95)<250ms'; Metric = 'duration'; Limit = 0.25; Unit = 'seconds' }
        @{ Threshold = 'p(99.9) <= 1.5s'; Metric = 'duration'; Limit = 1.5; Unit = 'seconds' }
        @{ Threshold = 'p95 < 2m'; Metric = 'duration'; Limit = 120; Unit = 'seconds' }
        @{ Threshold = 'med <= 1h'; Metric = 'duration'; Limit = 3600; Unit = 'seconds' }
        @{ Threshold = 'avg < 500 us'; Metric = 'duration'; Limit = 0.0005; Unit = 'seconds' }
        @{ Threshold = 'max < 4GB'; Metric = 'memory'; Limit = 4GB; Unit = 'bytes' }
        @{ Threshold = 'max <= 512 MiB'; Metric = 'memory'; Limit = 512MB; Unit = 'bytes' }
        @{ Threshold = 'min >= 1KB'; Metric = 'memory'; Limit = 1KB; Unit = 'bytes' }
        @{ Threshold = 'rate >= 99%'; Metric = 'success'; Limit = 0.99; Unit = 'fraction' }
        @{ Threshold = 'rate > 0.5'; Metric = 'success'; Limit = 0.5; Unit = 'fraction' }
        @{ Threshold = 'rate < 1%'; Metric = 'exitcode'; Limit = 0.01; Unit = 'fraction' }
        @{ Threshold = 'count == 0'; Metric = 'exitcode'; Limit = 0; Unit = 'count' }
        @{ Threshold = 'count === 20'; Metric = 'success'; Limit = 20; Unit = 'count' }
        @{ Threshold = 'count != 3'; Metric = 'success'; Limit = 3; Unit = 'count' }
        @{ Threshold = 'max <= 80%'; Metric = 'cpu'; Limit = 0.8; Unit = 'fraction' }
        @{ Threshold = 'avg < 2s + 500ms'; Metric = 'duration'; Limit = 2.5; Unit = 'seconds' }
        @{ Threshold = '20s > p(95)'; Metric = 'duration'; Limit = 20; Unit = 'seconds' }
        @{ Threshold = 'max < 2 * (1s + 250ms)'; Metric = 'duration'; Limit = 2.5; Unit = 'seconds' }
        @{ Threshold = 'median < 1e3ms'; Metric = 'duration'; Limit = 1; Unit = 'seconds' }
    ) {
        $result = Test-HeroSlo -ResultPath $NoisyFile -Objective @{ Name = 'g'; Metric = $Metric; Threshold = $Threshold; Confidence = 0 } -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
        $result.Limit | Should -BeGreaterOrEqual ($Limit - 1e-9)
        $result.Limit | Should -BeLessOrEqual ($Limit + 1e-9)
        $result.Unit | Should -Be $Unit
        $result.Threshold | Should -Be $Threshold
    }

    It 'refuses <Threshold> (<Metric>) at column <Column>' -ForEach @(
        @{ Threshold = 'p(95) 20s'; Metric = 'duration'; Column = 7; Reason = 'expected an operator' }
        @{ Threshold = 'p(95) < 200'; Metric = 'duration'; Column = 9; Reason = 'give 200 a unit' }
        @{ Threshold = 'p(101) < 2s'; Metric = 'duration'; Column = 3; Reason = 'between 0 and 100' }
        @{ Threshold = 'foo < 2s'; Metric = 'duration'; Column = 1; Reason = "unknown aggregation 'foo'" }
        @{ Threshold = '< 2s'; Metric = 'duration'; Column = 1; Reason = 'expected an aggregation' }
        @{ Threshold = 'p(95) < 20xs'; Metric = 'duration'; Column = 11; Reason = "unknown unit 'xs'" }
        @{ Threshold = 'max < 4GB'; Metric = 'duration'; Column = 7; Reason = 'needs a time' }
        @{ Threshold = 'rate >= 99'; Metric = 'success'; Column = 9; Reason = 'a rate is a fraction' }
        @{ Threshold = 'p(95) < 2s < 3s'; Metric = 'duration'; Column = 12; Reason = "unexpected '<'" }
        @{ Threshold = 'p(95 < 2s'; Metric = 'duration'; Column = 6; Reason = "expected ')'" }
        @{ Threshold = 'max < 2s * 3s'; Metric = 'duration'; Column = 10; Reason = 'cannot multiply two quantities' }
        @{ Threshold = 'count < 5ms'; Metric = 'exitcode'; Column = 9; Reason = 'needs a plain number' }
    ) {
        $thrown = { Test-HeroSlo -ResultPath $NoisyFile -Objective @{ Name = 'bad-one'; Metric = $Metric; Threshold = $Threshold } } |
            Should -Throw -ErrorId 'HeroSloInvalidObjective*' -PassThru
        $thrown.Exception.Message | Should -BeLike "Objective 'bad-one': Threshold '$([WildcardPattern]::Escape($Threshold))', column $($Column): *$Reason*"
    }
}

Describe 'Verdicts on noise' {
    It '20 runs around 100 ms against a median limit of <Limit> is <Verdict>' -ForEach @(
        @{ Limit = '101ms'; Verdict = 'Inconclusive' }
        @{ Limit = '150ms'; Verdict = 'Pass' }
        @{ Limit = '60ms'; Verdict = 'Fail' }
    ) {
        $result = Test-HeroSlo -ResultPath $NoisyFile -Objective @{ Name = 'median'; Threshold = "p(50) < $Limit" } -ErrorAction SilentlyContinue
        $result.Verdict | Should -Be $Verdict
        $result.Samples | Should -Be 20
        $result.Interval.Lower | Should -BeLessThan 0.101
        $result.Interval.Upper | Should -BeGreaterThan 0.101
    }

    It 'is Inconclusive with 3 samples under MinSamples 5' {
        $few = New-TimesFile 'few.json' 0.1, 0.1, 0.1
        $result = Test-HeroSlo -ResultPath $few -Objective @{ Name = 'fast'; Threshold = 'max < 1s'; MinSamples = 5 }
        $result.Verdict | Should -Be 'Inconclusive'
        $result.Samples | Should -Be 3
    }

    It 'is NoData when no sample matched, and an error with -RequireData' {
        $result = Test-HeroSlo -ResultPath $NoisyFile -Objective @{ Name = 'deploy'; Task = 'deploy*'; Threshold = 'max < 1s' } -WarningVariable warned -WarningAction SilentlyContinue
        $result.Verdict | Should -Be 'NoData'
        $warned | Should -Not -BeNullOrEmpty
        { Test-HeroSlo -ResultPath $NoisyFile -Objective @{ Name = 'deploy'; Task = 'deploy*'; Threshold = 'max < 1s' } -RequireData -ErrorAction Stop } |
            Should -Throw -ErrorId 'HeroSloNoData*'
        Test-HeroSlo -ResultPath $NoisyFile -Objective @{ Name = 'deploy'; Task = 'deploy*'; Threshold = 'max < 1s' } -RequireData -Quiet | Should -BeFalse
    }
}

Describe 'Regression against a baseline of real runs' {
    BeforeAll {
        # sleep itself where there is one (it starts in a millisecond), else the kit's sleep step.
        $sleep = @(if ($IsWindows) { $Kit; 'sleep' } else { (Get-Command sleep -CommandType Application | Select-Object -First 1).Source })
        function Measure-Sleep([string] $Seconds, [int] $Runs) {
            Measure-HeroTask -Name sleep -FilePath $sleep[0] -ArgumentList (@($sleep | Select-Object -Skip 1) + $Seconds) -Iterations $Runs -Warmup 0 -WarningAction SilentlyContinue
        }

        # The groups take turns, four runs at a time, so a burst of load on the shared machine falls on
        # all of them alike instead of on one side of a comparison.
        Measure-Sleep 0.1 2 | Out-Null
        $script:Groups = [ordered]@{ baseline = @(); slower = @() }
        foreach ($repeat in 1..10) { $Groups["same-$repeat"] = @() }
        foreach ($round in 1..5) {
            foreach ($name in @($Groups.Keys)) {
                $Groups[$name] += Measure-Sleep ($name -eq 'slower' ? '0.13' : '0.1') 4
            }
        }

        $script:Baseline = Join-Path $TestDrive 'baseline.jsonl'
        $Groups.baseline | Test-HeroSlo -BaselinePath $Baseline -UpdateBaseline | Out-Null
    }

    It 'writes the first baseline from the merged runs' {
        @(Get-Content -LiteralPath $Baseline).Count | Should -Be 20
    }

    It 'fails 20 runs of sleep 0.13 against 20 of sleep 0.1 at the 15 % level' {
        $results = $Groups.slower | Test-HeroSlo -BaselinePath $Baseline -ErrorVariable violations -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $regression = $results | Where-Object Objective -eq 'regression'
        $regression.Verdict | Should -Be 'Fail' -Because $regression.Message
        $regression.Samples | Should -Be 20
        $regression.Unit | Should -Be 'ratio'
        $regression.Actual | Should -BeGreaterThan 1.15
        $regression.Interval.Lower | Should -BeGreaterThan 1.15
        ($results | Where-Object Objective -eq 'regression-warning').Verdict | Should -Be 'Warn'
        @($violations | Where-Object { $_.FullyQualifiedErrorId -like 'HeroSloViolation*' }).Count | Should -BeGreaterOrEqual 1
    }

    It 'never fails sleep 0.1 against itself, in 10 repeats' {
        foreach ($repeat in 1..10) {
            $results = $Groups["same-$repeat"] | Test-HeroSlo -BaselinePath $Baseline -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            foreach ($result in $results) {
                $result.Verdict | Should -BeIn 'Pass', 'Inconclusive' -Because "repeat $($repeat): $($result.Objective): $($result.Message)"
            }
        }
    }

    It 'does not make a failing run the baseline' {
        $copy = Join-Path $TestDrive 'kept.jsonl'
        Copy-Item -LiteralPath $Baseline -Destination $copy
        $before = Get-Content -LiteralPath $copy -Raw
        $Groups.slower | Test-HeroSlo -BaselinePath $copy -UpdateBaseline -ErrorAction SilentlyContinue -WarningVariable warned -WarningAction SilentlyContinue | Out-Null
        Get-Content -LiteralPath $copy -Raw | Should -Be $before
        "$warned" | Should -Match 'not updated'
    }
}

Describe 'Regression levels on fixed sample sets' {
    BeforeAll {
        $script:Base = New-TimesFile 'base.json' $Noisy 'job'
        $script:FivePercent = New-TimesFile 'five.json' @($Noisy | ForEach-Object { $_ * 1.05 }) 'job'
    }

    It 'is Inconclusive when the ratio''s interval straddles a level' {
        $results = Test-HeroSlo -ResultPath $FivePercent -BaselinePath $Base -RegressionThreshold '5%', '15%', '25%' -WarningAction SilentlyContinue
        $warning = $results | Where-Object Objective -eq 'regression-warning'
        $warning.Verdict | Should -Be 'Inconclusive'
        $warning.Actual | Should -BeGreaterThan 1.04
        $warning.Interval.Lower | Should -BeLessThan 1.05
        $warning.Interval.Upper | Should -BeGreaterThan 1.05
        ($results | Where-Object Objective -eq 'regression').Verdict | Should -Be 'Pass'
    }

    It 'takes levels as fractions or percentages, growing' {
        (Test-HeroSlo -ResultPath $FivePercent -BaselinePath $Base -RegressionThreshold 0.01, 0.02 -ErrorAction SilentlyContinue -WarningAction SilentlyContinue).Count | Should -Be 2
        { Test-HeroSlo -ResultPath $FivePercent -BaselinePath $Base -RegressionThreshold '15%', '10%' } | Should -Throw -ExpectedMessage '*must grow*'
    }

    It 'does not write the baseline under -WhatIf' {
        $target = Join-Path $TestDrive 'whatif-baseline.jsonl'
        Test-HeroSlo -ResultPath $Base -BaselinePath $target -UpdateBaseline -WhatIf | Out-Null
        Test-Path -LiteralPath $target | Should -BeFalse
    }
}

Describe 'CI shards' {
    It 'merges three -ResultPath files from -Shard 1/3..3/3 into one evaluation of the whole batch' {
        $tasks = 1..9 | ForEach-Object { @{ Name = "unit-$_"; FilePath = $Kit; ArgumentList = 'exit', '0' } }
        $files = foreach ($index in 1..3) {
            $file = Join-Path $TestDrive "shard-$index.jsonl"
            $tasks | Invoke-HeroTask -Shard "$index/3" -ResultPath $file -CI None | Out-Null
            $file
        }
        @($files | ForEach-Object { @(Get-Content -LiteralPath $_).Count } | Where-Object { $_ -ge 9 }).Count | Should -Be 0
        $pooled = Test-HeroSlo -ResultPath $files -Objective @{ Name = 'all-green'; Metric = 'success'; Threshold = 'rate == 100%'; GroupBy = 'None' }
        $pooled.Samples | Should -Be 9
        $pooled.Verdict | Should -Be 'Pass'
        $perTask = Test-HeroSlo -ResultPath $files -Objective @{ Name = 'quick'; Threshold = 'max < 30s' }
        @($perTask).Count | Should -Be 9
        ($perTask | Measure-Object Samples -Sum).Sum | Should -Be 9
        @($perTask.Task | Sort-Object) | Should -Be @($tasks.Name | Sort-Object)
    }
}

Describe 'CI output, reports and -Quiet' {
    BeforeAll {
        $script:Mixed = @(
            @{ Name = 'fast-median'; Threshold = 'med < 150ms' }
            @{ Name = 'tight-max'; Threshold = 'max < 50ms' }
            @{ Name = 'tight-min'; Threshold = 'min < 20ms' }
            @{ Name = 'soft'; Threshold = 'max < 60ms'; Level = 'Warning' }
        )
    }

    BeforeEach {
        $script:SavedEnvironment = @{ GITHUB_ACTIONS = $env:GITHUB_ACTIONS; GITHUB_STEP_SUMMARY = $env:GITHUB_STEP_SUMMARY; TF_BUILD = $env:TF_BUILD }
        Remove-Item Env:GITHUB_ACTIONS, Env:GITHUB_STEP_SUMMARY, Env:TF_BUILD -ErrorAction SilentlyContinue
    }

    AfterEach {
        foreach ($name in $SavedEnvironment.Keys) { Set-Item -Path "Env:$name" -Value $SavedEnvironment[$name] }
    }

    It 'writes one ::error per failed objective, a ::warning per warned one, and appends the summary' {
        $env:GITHUB_ACTIONS = 'true'
        $env:GITHUB_STEP_SUMMARY = Join-Path $TestDrive 'step-summary.md'
        Set-Content -LiteralPath $env:GITHUB_STEP_SUMMARY -Value '# earlier step'
        $records = Test-HeroSlo -ResultPath $NoisyFile -Objective $Mixed -ErrorAction SilentlyContinue -WarningAction SilentlyContinue 6>&1
        $lines = @($records | Where-Object { $_ -is [System.Management.Automation.InformationRecord] } | ForEach-Object { "$($_.MessageData)" })
        $errors = @($lines | Where-Object { $_ -like '::error *' })
        $errors.Count | Should -Be 2
        $errors[0] | Should -BeLike '::error title=SLO tight-max (noisy)%3A Fail::max = *'
        @($lines | Where-Object { $_ -like '::warning title=SLO soft*' }).Count | Should -Be 1
        $summary = Get-Content -LiteralPath $env:GITHUB_STEP_SUMMARY -Raw
        $summary | Should -Match '^# earlier step'
        $summary | Should -Match '\| Verdict \| Objective \| Task \| Actual \| Threshold \| Margin \| Actual / threshold \|'
        $summary | Should -Match '\| ❌ Fail \| tight-max \| noisy \| 109.5 ms \| `max < 50ms` \| -119%'
        $summary | Should -Match '`██████████▲` 219%'
    }

    It 'fails the CI step under -ErrorAction Stop' {
        $script = Join-Path $TestDrive 'gate.ps1'
        Set-Content -LiteralPath $script -Value @"
Import-Module '$ModuleManifest'
Test-HeroSlo -ResultPath '$NoisyFile' -Objective @{ Name = 'tight'; Threshold = 'max < 50ms' } -ErrorAction Stop -CI None
'not reached'
"@
        $result = Invoke-ChildPwsh -ScriptPath $script
        $result.ExitCode | Should -Not -Be 0
        $result.StdOut | Should -Not -Match 'not reached'
        "$($result.StdOut)$($result.StdErr)" | Should -Match "Objective 'tight' failed for 'noisy'"
    }

    It '-Quiet returns a bool and writes nothing else' {
        $env:GITHUB_ACTIONS = 'true'
        $env:GITHUB_STEP_SUMMARY = Join-Path $TestDrive 'quiet-summary.md'
        $all = @(Test-HeroSlo -ResultPath $NoisyFile -Objective $Mixed -Quiet *>&1)
        $all.Count | Should -Be 1
        $all[0] | Should -BeOfType [bool]
        $all[0] | Should -BeFalse
        Test-Path -LiteralPath $env:GITHUB_STEP_SUMMARY | Should -BeFalse
        Test-HeroSlo -ResultPath $NoisyFile -Objective @{ Name = 'ok'; Threshold = 'max < 1s' } -Quiet | Should -BeTrue
    }

    It 'writes JUnit (one test case per objective and task) that the schema accepts' {
        $junit = Join-Path $TestDrive 'slo.xml'
        Test-HeroSlo -ResultPath $NoisyFile -Objective $Mixed -JUnitPath $junit -CI None -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Out-Null
        [xml] $xml = Get-Content -LiteralPath $junit -Raw
        $xml.testsuites.testsuite.tests | Should -Be 4
        $xml.testsuites.testsuite.failures | Should -Be 2
        @($xml.testsuites.testsuite.testcase.name) | Should -Contain 'tight-max (noisy)'
        $settings = [System.Xml.XmlReaderSettings]::new()
        $settings.ValidationType = [System.Xml.ValidationType]::Schema
        $null = $settings.Schemas.Add($null, (Join-Path $PSScriptRoot '..' 'Schemas' 'junit-10.xsd'))
        $problems = [System.Collections.Generic.List[string]]::new()
        $settings.add_ValidationEventHandler({ param($sender, $e) $problems.Add($e.Message) }.GetNewClosure())
        $reader = [System.Xml.XmlReader]::Create($junit, $settings)
        try { while ($reader.Read()) { } } finally { $reader.Dispose() }
        $problems | Should -BeNullOrEmpty
    }

    It 'keeps the latest report and the newest -ReportRetention timestamped ones' {
        $folder = Join-Path $TestDrive 'reports'
        foreach ($run in 1..4) {
            Test-HeroSlo -ResultPath $NoisyFile -Objective $Mixed -ReportPath $folder -ReportRetention 2 -CI None -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Out-Null
            Start-Sleep -Milliseconds 5
        }
        @(Get-ChildItem -LiteralPath $folder -Filter 'slo-report-2*.json').Count | Should -Be 2
        $latest = Get-Content -LiteralPath (Join-Path $folder 'slo-report-latest.json') -Raw | ConvertFrom-Json
        $latest.status | Should -Be 'FAILED'
        $latest.summary.failed | Should -Be 2
        @($latest.violations | Where-Object severity -eq 'error').Count | Should -Be 2
        @($latest.violations | Where-Object severity -eq 'warning').Count | Should -Be 1
    }
}

Describe 'Bad input' {
    It 'refuses a threshold without an operator, naming the objective and column' {
        { Test-HeroSlo -ResultPath $NoisyFile -Objective @{ Name = 'no-op'; Threshold = 'p(95) 2s' } } |
            Should -Throw -ErrorId 'HeroSloInvalidObjective*' -ExpectedMessage "Objective 'no-op': Threshold 'p(95) 2s', column 7: expected an operator*"
    }

    It 'refuses an unknown metric' {
        { Test-HeroSlo -ResultPath $NoisyFile -Objective @{ Name = 'lat'; Metric = 'latency'; Threshold = 'max < 1s' } } |
            Should -Throw -ErrorId 'HeroSloInvalidObjective*' -ExpectedMessage "Objective 'lat': Metric: unknown metric 'latency'*"
    }

    It 'names an empty -ResultPath file' {
        $empty = Join-Path $TestDrive 'empty.jsonl'
        Set-Content -LiteralPath $empty -Value ''
        $result = Test-HeroSlo -ResultPath $empty, $NoisyFile -Objective @{ Name = 'any'; Threshold = 'max < 1s' } -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems.FullyQualifiedErrorId | Should -BeLike 'HeroSloInputInvalid*'
        "$problems" | Should -BeLike "*'$empty'*empty*"
        $result.Samples | Should -Be 20
    }

    It 'names a malformed JSON line by file and line, and still evaluates the rest' {
        $lines = Join-Path $TestDrive 'broken.jsonl'
        @(
            '{"name":"a","status":"Succeeded","exitCode":0,"durationMs":120,"peakMemoryBytes":null,"cpuTimeMs":null}'
            '{"name":"a","status":"Succeeded","exitCode":0,"durationMs":'
            '{"name":"a","status":"Failed","exitCode":3,"durationMs":80,"peakMemoryBytes":null,"cpuTimeMs":null}'
        ) | Set-Content -LiteralPath $lines
        $result = Test-HeroSlo -ResultPath $lines -Objective @{ Name = 'n'; Metric = 'success'; Threshold = 'count >= 0'; GroupBy = 'None' } -ErrorVariable problems -ErrorAction SilentlyContinue
        @($problems).Count | Should -Be 1
        "$($problems[0])" | Should -BeLike "'$lines', line 2*not valid JSON*"
        $result.Samples | Should -Be 2
    }

    It 'names a YAML syntax error by file, line and column' {
        $yaml = Join-Path $TestDrive 'objectives.yaml'
        Set-Content -LiteralPath $yaml -Value "objectives:`n  - name: a`n    threshold: max < 1s`n   metric: duration"
        { Test-HeroSlo -Path $yaml -ResultPath $NoisyFile } |
            Should -Throw -ErrorId 'HeroBudgetInvalid*' -ExpectedMessage "'$yaml', line 4, column 4: not valid YAML*"
    }

    It 'needs objectives or a baseline' {
        { Test-HeroSlo -ResultPath $NoisyFile } | Should -Throw -ErrorId 'HeroSloInvalidObjective*' -ExpectedMessage '*nothing to evaluate*'
    }
}
