#Requires -Modules Pester
# Invoke-HeroSmokeTest with real suites and processes: deadlines of budget + buffer that stop a hung
# tree, selection by category (none selected is an error), budgets that warn or fail, iterations,
# the JUnit report and the CI step summary.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')

    # A .psd1 suite whose entries run the kit; $Entries are hashtable literals as text.
    function New-Suite([string] $Name, [string[]] $Entries) {
        $path = Join-Path $TestDrive $Name
        Set-Content -LiteralPath $path -Value ("@{ Tests = @(`n" + ($Entries -join "`n") + "`n) }")
        $path
    }

    $script:KitText = "'$($Kit -replace "'", "''")'"
}

Describe 'A suite with a hung entry' {
    BeforeAll {
        $script:PidFile = Join-Path $TestDrive 'hung-pids.txt'
        $detached = if ($IsWindows) { '' } else { "'spawn', '[', 'setsid', 'pid', '$PidFile', 'sleep', '60', ']', " }
        $suite = New-Suite 'hung.psd1' @(
            "@{ Name = 'quick'; FilePath = $KitText; ArgumentList = 'out', 'ok'; Budget = @{ Time = '5s'; Memory = '1GB' }; Category = 'core' }"
            "@{ Name = 'hung'; FilePath = $KitText; ArgumentList = $detached'tree', '$PidFile', '3'; Budget = @{ Time = '1s' }; Category = 'core'; GracePeriod = 1 }"
        )
        $script:SavedEnvironment = @{ GITHUB_ACTIONS = $env:GITHUB_ACTIONS; GITHUB_STEP_SUMMARY = $env:GITHUB_STEP_SUMMARY; TF_BUILD = $env:TF_BUILD }
        Remove-Item Env:TF_BUILD -ErrorAction SilentlyContinue
        $env:GITHUB_ACTIONS = 'true'
        $env:GITHUB_STEP_SUMMARY = Join-Path $TestDrive 'summary.md'
        $script:JUnit = Join-Path $TestDrive 'smoke.xml'
        $clock = [Diagnostics.Stopwatch]::StartNew()
        try {
            $records = Invoke-HeroSmokeTest $suite -Buffer 1 -ThrottleLimit 2 -JUnitPath $JUnit -ErrorVariable script:Failures -ErrorAction SilentlyContinue 6>&1
        }
        finally {
            $clock.Stop()
            foreach ($name in $SavedEnvironment.Keys) { Set-Item -Path "Env:$name" -Value $SavedEnvironment[$name] }
        }
        $script:Elapsed = $clock.Elapsed
        $script:Summary = $records | Where-Object { $_ -is [Hero.HeroSmokeTestSummary] }
        $script:CiLines = @($records | Where-Object { $_ -is [System.Management.Automation.InformationRecord] } | ForEach-Object { "$($_.MessageData)" })
    }

    It 'finishes within budget + buffer + grace + 2 s, the hung entry TimedOut' {
        $Elapsed.TotalSeconds | Should -BeLessThan (1 + 1 + 1 + 2)
        $hung = $Summary.Results | Where-Object Name -eq 'hung'
        $hung.Status | Should -Be 'TimedOut'
        $hung.Passed | Should -BeFalse
        $hung.Deadline | Should -Be ([TimeSpan]::FromSeconds(2))
        ($Summary.Results | Where-Object Name -eq 'quick').Passed | Should -BeTrue
    }

    It 'leaves no process of the hung tree' {
        $pids = Read-PidFile $PidFile
        $pids.Count | Should -BeGreaterOrEqual 5
        Wait-Until { (Get-LiveProcessIds $pids).Count -eq 0 } -TimeoutSeconds 2 | Should -BeTrue
    }

    It 'sums up the suite' {
        $Summary.Total | Should -Be 2
        $Summary.Passed | Should -Be 1
        $Summary.Failed | Should -Be 1
        $Summary.Succeeded | Should -BeFalse
        $Summary.Duration | Should -BeGreaterThan ([TimeSpan]::FromSeconds(2))
        ($Summary.Results | Where-Object Name -eq 'quick').OutputTail | Should -Match 'ok'
    }

    It 'writes a HeroSmokeTestFailed error for the hung entry' {
        @($Failures | Where-Object { $_.FullyQualifiedErrorId -like 'HeroSmokeTestFailed*' }).Count | Should -Be 1
        "$($Failures[0])" | Should -Match "Smoke test 'hung' timed out after 2s"
        $Failures[0].TargetObject.Name | Should -Be 'hung'
    }

    It 'writes the JUnit report and the step summary' {
        [xml] $xml = Get-Content -LiteralPath $JUnit -Raw
        @($xml.testsuites.testsuite.testcase.name) | Should -Contain 'success (hung)'
        @($xml.testsuites.testsuite.testcase.name) | Should -Contain 'time (quick)'
        @($xml.testsuites.testsuite.testcase | Where-Object { $_.failure }).name | Should -Contain 'success (hung)'
        $summaryText = Get-Content -LiteralPath (Join-Path $TestDrive 'summary.md') -Raw
        $summaryText | Should -Match '### Hero smoke test hung.psd1: failed'
        $summaryText | Should -Match '\| ❌ Fail \| success \| hung \|'
        @($CiLines | Where-Object { $_ -like '::error title=SLO success (hung)*' }).Count | Should -Be 1
        @($CiLines | Where-Object { $_ -like '::group::hung: TimedOut*' }).Count | Should -Be 1
    }
}

Describe 'Selection' {
    BeforeAll {
        $script:Suite = New-Suite 'select.psd1' @(
            "@{ Name = 'build'; FilePath = $KitText; ArgumentList = 'exit', '0'; Budget = @{ Time = 10 }; Category = 'build' }"
            "@{ Name = 'lint'; FilePath = $KitText; ArgumentList = 'exit', '0'; Budget = @{ Time = 10 }; Category = 'core' }"
        )
    }

    It 'runs only the entries of -Category' {
        $summary = Invoke-HeroSmokeTest $Suite -Category 'bui*' -CI None
        @($summary.Results.Name) | Should -Be @('build')
    }

    It 'refuses a -Category that selects nothing, naming the categories there are' {
        { Invoke-HeroSmokeTest $Suite -Category nope -CI None } |
            Should -Throw -ErrorId 'HeroSmokeTestNoTests*' -ExpectedMessage "*no entry is in the category 'nope' (the suite has 'build', 'core')*does not pass*"
    }

    It 'refuses a suite without entries' {
        $empty = New-Suite 'empty.psd1' @()
        { Invoke-HeroSmokeTest $empty -CI None } | Should -Throw -ErrorId 'HeroSmokeTestNoTests*'
    }

    It 'completes -Category from the suite' {
        $line = "Invoke-HeroSmokeTest -Path '$Suite' -Category c"
        $completion = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        @($completion.CompletionMatches.CompletionText) | Should -Be @('core')
    }

    It 'completes -Category from a suite named relative to the current location' {
        Push-Location (Split-Path -Parent $Suite)
        try {
            $line = "Invoke-HeroSmokeTest -Path ./$(Split-Path -Leaf $Suite) -Category c"
            $completion = TabExpansion2 -inputScript $line -cursorColumn $line.Length
            @($completion.CompletionMatches.CompletionText) | Should -Be @('core')
        }
        finally {
            Pop-Location
        }
    }

    It 'runs nothing under -WhatIf' {
        $marker = Join-Path $TestDrive 'whatif-ran'
        $suite = New-Suite 'whatif.psd1' @("@{ Name = 'touch'; FilePath = $KitText; ArgumentList = 'touch', '$marker'; Budget = @{ Time = 10 } }")
        Invoke-HeroSmokeTest $suite -WhatIf -CI None | Should -BeNullOrEmpty
        Test-Path -LiteralPath $marker | Should -BeFalse
    }
}

Describe 'Budgets' {
    BeforeAll {
        $script:Slow = New-Suite 'slow.psd1' @(
            "@{ Name = 'slow'; FilePath = $KitText; ArgumentList = 'sleep', '0.4'; Budget = @{ Time = '100ms' }; Iterations = 2 }"
        )
    }

    It 'warns when an entry goes over its budget, and passes' {
        $summary = Invoke-HeroSmokeTest $Slow -CI None -WarningVariable warned -WarningAction SilentlyContinue -ErrorAction Stop
        $summary.Passed | Should -Be 1
        $summary.OverBudget | Should -Be 1
        $summary.Succeeded | Should -BeTrue
        $summary.Results[0].Iterations | Should -Be 2
        $summary.Results[0].Runs.Count | Should -Be 2
        @($summary.Results[0].Runs.Name) | Should -Be @('slow #1', 'slow #2')
        "$warned" | Should -Match "Smoke test 'slow' went over its budget"
    }

    It 'fails over budget with -FailOnBudget' {
        { Invoke-HeroSmokeTest $Slow -FailOnBudget -CI None -ErrorAction Stop } | Should -Throw -ErrorId 'HeroSmokeTestOverBudget*'
    }

    It 'fails an entry that fails, and runs the rest' {
        $suite = New-Suite 'mixed.psd1' @(
            "@{ Name = 'bad'; FilePath = $KitText; ArgumentList = 'err', 'broken', 'exit', '3'; Budget = @{ Time = 10 } }"
            "@{ Name = 'good'; FilePath = $KitText; ArgumentList = 'exit', '0'; Budget = @{ Time = 10 } }"
        )
        $summary = Invoke-HeroSmokeTest $suite -CI None -ErrorVariable failed -ErrorAction SilentlyContinue
        $summary.Failed | Should -Be 1
        ($summary.Results | Where-Object Name -eq 'bad').ExitCode | Should -Be 3
        ($summary.Results | Where-Object Name -eq 'bad').OutputTail | Should -Match 'broken'
        ($summary.Results | Where-Object Name -eq 'good').Passed | Should -BeTrue
        "$failed" | Should -Match "Smoke test 'bad' failed"
    }
}

Describe 'Suite files' {
    It 'reads a JSON suite, with paths relative to its folder' {
        $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'json-suite') -Force
        New-Item -ItemType Directory -Path (Join-Path $folder 'work') -Force | Out-Null
        $suite = Join-Path $folder 'suite.json'
        @{ tests = @(@{ name = 'where'; filePath = $Kit; argumentList = @('cwd'); workingDirectory = 'work'; budget = @{ time = 10; memory = '1GB' } }) } | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $suite
        $summary = Invoke-HeroSmokeTest $suite -CI None
        $summary.Results[0].Passed | Should -BeTrue
        $summary.Results[0].OutputTail.Trim() | Should -Be (Join-Path $folder 'work')
        $summary.Results[0].BudgetMemory | Should -Be 1GB
    }

    It 'names the entry and field of a bad budget' {
        $suite = New-Suite 'bad-budget.psd1' @("@{ Name = 'x'; FilePath = $KitText; Budget = @{ Time = 'soon' } }")
        { Invoke-HeroSmokeTest $suite -CI None } | Should -Throw -ErrorId 'HeroSmokeTestInvalid*' -ExpectedMessage "*: Tests?0? ('x').Budget.Time: 'soon' is not a duration*"
    }

    It 'refuses a Timeout: the deadline is the budget plus -Buffer' {
        $suite = New-Suite 'timeout.psd1' @("@{ Name = 'x'; FilePath = $KitText; Timeout = 5; Budget = @{ Time = 1 } }")
        { Invoke-HeroSmokeTest $suite -CI None } | Should -Throw -ErrorId 'HeroSmokeTestInvalid*' -ExpectedMessage '*Budget.Time plus -Buffer*'
    }
}
