#Requires -Modules Pester
# Many tasks at once: throttling, dependencies, fail-fast, script blocks, CI output, reports, shards.

BeforeDiscovery {
    $script:OnUnix = -not $IsWindows
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')

    # Perl prints a start and an end time stamp (seconds, microseconds) around a sleep: real
    # intervals to check the throttle against.
    $script:StampedSleep = 'use Time::HiRes qw(time sleep); my $s = time; sleep($ARGV[1]); my $e = time; open(my $f, ">>", $ARGV[0]) or die; printf $f "%.6f %.6f\n", $s, $e; close $f'

    function Get-MaxOverlap {
        param([string] $StampFile)
        $events = foreach ($line in Get-Content -LiteralPath $StampFile) {
            $start, $end = $line -split ' ' | ForEach-Object { [double]$_ }
            [pscustomobject]@{ Time = $start; Delta = 1 }
            [pscustomobject]@{ Time = $end; Delta = -1 }
        }
        $running = 0
        $max = 0
        # Ends sort before starts at the same instant: a task that ends as another starts is not overlap.
        foreach ($event in $events | Sort-Object Time, Delta) {
            $running += $event.Delta
            $max = [Math]::Max($max, $running)
        }
        $max
    }

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

Describe 'Throttling' -Skip:(-not $OnUnix) {
    It 'runs 20 one-second tasks at -ThrottleLimit 4 in 5 to 9 s, never more than 4 at once' {
        $stamps = Join-Path $TestDrive 'throttle.txt'
        $tasks = 1..20 | ForEach-Object { @{ Name = "sleep-$_"; FilePath = 'perl'; ArgumentList = '-e', $StampedSleep, $stamps, '1' } }
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $results = $tasks | Invoke-HeroTask -ThrottleLimit 4 -Quiet
        $clock.Stop()
        $results.Count | Should -Be 20
        @($results | Where-Object Status -ne 'Succeeded') | Should -BeNullOrEmpty
        $clock.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 5
        $clock.Elapsed.TotalSeconds | Should -BeLessOrEqual 9
        @(Get-Content -LiteralPath $stamps).Count | Should -Be 20
        Get-MaxOverlap $stamps | Should -BeLessOrEqual 4
        Get-MaxOverlap $stamps | Should -BeGreaterOrEqual 3
    }

    It 'streams results as tasks finish' {
        $results = @(
            @{ Name = 'slow'; FilePath = 'sleep'; ArgumentList = '1.5' }
            @{ Name = 'fast'; FilePath = 'true' }
        ) | Invoke-HeroTask -ThrottleLimit 2
        $results.Name | Should -Be @('fast', 'slow')
    }
}

Describe 'Dependencies' -Skip:(-not $OnUnix) {
    It 'runs a -> b -> c in order' {
        $order = Join-Path $TestDrive 'order.txt'
        $results = @(
            New-HeroTask -Name c -FilePath sh -ArgumentList '-c', 'echo c >> "$1"', 'sh', $order -DependsOn b
            New-HeroTask -Name b -FilePath sh -ArgumentList '-c', 'sleep 0.2; echo b >> "$1"', 'sh', $order -DependsOn a
            New-HeroTask -Name a -FilePath sh -ArgumentList '-c', 'sleep 0.2; echo a >> "$1"', 'sh', $order
        ) | Invoke-HeroTask -ThrottleLimit 3 -Quiet
        Get-Content -LiteralPath $order | Should -Be @('a', 'b', 'c')
        $results.Name | Should -Be @('a', 'b', 'c')
    }

    It 'skips the dependents of a failure' {
        $results = @(
            @{ Name = 'a'; FilePath = 'true' }
            @{ Name = 'b'; Command = 'exit 4'; DependsOn = 'a' }
            @{ Name = 'c'; FilePath = 'true'; DependsOn = 'b' }
            @{ Name = 'd'; FilePath = 'true'; DependsOn = 'a' }
        ) | Invoke-HeroTask -ErrorAction SilentlyContinue
        $byName = @{}
        $results | ForEach-Object { $byName[$_.Name] = $_ }
        $byName['b'].Status | Should -Be 'Failed'
        $byName['c'].Status | Should -Be 'Skipped'
        $byName['c'].ExitCode | Should -Be -1
        $byName['c'].Message | Should -Match "'b'"
        $byName['d'].Status | Should -Be 'Succeeded'
        $LASTEXITCODE | Should -Be 4
    }

    It 'rejects a cycle before any task starts' {
        $marker = Join-Path $TestDrive 'cycle-ran.txt'
        {
            @(
                @{ Name = 'free'; FilePath = 'touch'; ArgumentList = $marker }
                @{ Name = 'x'; FilePath = 'true'; DependsOn = 'y' }
                @{ Name = 'y'; FilePath = 'true'; DependsOn = 'x' }
            ) | Invoke-HeroTask
        } | Should -Throw -ExpectedMessage '*cycle*x -> y -> x*'
        Test-Path -LiteralPath $marker | Should -BeFalse
    }

    It 'rejects an unknown dependency, naming it' {
        { @{ Name = 'lonely'; FilePath = 'true'; DependsOn = 'ghost' } | Invoke-HeroTask } |
            Should -Throw -ExpectedMessage "*'ghost'*"
    }
}

Describe 'Fail-fast and Ctrl+C' -Skip:(-not $OnUnix) {
    It 'stops running tasks within grace + 2 s on the first failure, skipping or cancelling the rest' {
        $pids = Join-Path $TestDrive 'failfast-pids.txt'
        $tasks = @(@{ Name = 'breaks'; Command = 'sleep 0.5; exit 3' }) +
            (1..3 | ForEach-Object { @{ Name = "long-$_"; FilePath = 'sh'; ArgumentList = '-c', 'echo $$ >> "$1"; sleep 60', 'sh', $pids } }) +
            (1..4 | ForEach-Object { @{ Name = "later-$_"; FilePath = 'true' } })
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $results = $tasks | Invoke-HeroTask -ThrottleLimit 4 -FailFast -GracePeriod 1 -Quiet -ErrorAction SilentlyContinue
        $clock.Stop()
        $clock.Elapsed.TotalSeconds | Should -BeLessThan (0.5 + 1 + 2 + 1)
        ($results | Where-Object Name -eq 'breaks').Status | Should -Be 'Failed'
        @($results | Where-Object Name -like 'long-*').Status | ForEach-Object { $_ | Should -Be 'Cancelled' }
        @($results | Where-Object Name -like 'later-*').Status | ForEach-Object { $_ | Should -BeIn 'Skipped', 'Cancelled' }
        $results.Count | Should -Be 8
        Get-LiveProcessIds (Read-PidFile $pids) | Should -BeNullOrEmpty
    }

    It 'stops every running tree on Ctrl+C and reports the rest Cancelled' {
        $pids = Join-Path $TestDrive 'ctrlc-pids.txt'
        $report = Join-Path $TestDrive 'ctrlc-results.jsonl'
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                param($module, $pids, $report)
                Import-Module $module
                1..12 | ForEach-Object { @{ Name = "tree-$_"; FilePath = 'sh'; ArgumentList = '-c', 'sh -c "echo \$\$ >> $1; sleep 60" sh "$1" & echo $$ >> "$1"; wait', 'sh', $pids } } |
                    Invoke-HeroTask -ThrottleLimit 8 -GracePeriod 1 -Quiet -ResultPath $report
            }).AddArgument($ModuleManifest).AddArgument($pids).AddArgument($report)
            $async = $ps.BeginInvoke()
            Wait-Until { (Read-PidFile $pids).Count -ge 16 } -TimeoutSeconds 30 | Should -BeTrue
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 4
            $async.IsCompleted | Should -BeTrue
        }
        finally {
            $ps.Dispose()
        }
        Get-LiveProcessIds (Read-PidFile $pids) | Should -BeNullOrEmpty
        $reported = @(Get-Content -LiteralPath $report | ConvertFrom-Json)
        $reported.Count | Should -Be 12
        $reported.status | ForEach-Object { $_ | Should -Be 'Cancelled' }
    }

    It 'cancels the running tasks when a downstream command stops the pipeline' {
        $pids = Join-Path $TestDrive 'first-pids.txt'
        $tasks = @(@{ Name = 'quick'; Command = 'sleep 0.5' }) +
            (1..3 | ForEach-Object { @{ Name = "slow-$_"; FilePath = 'sh'; ArgumentList = '-c', 'echo $$ >> "$1"; sleep 60', 'sh', $pids } })
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $first = $tasks | Invoke-HeroTask -ThrottleLimit 4 -GracePeriod 1 -Quiet | Select-Object -First 1
        $clock.Stop()
        $first.Name | Should -Be 'quick'
        $clock.Elapsed.TotalSeconds | Should -BeLessThan (0.5 + 1 + 2 + 1)
        Wait-Until { -not (Get-LiveProcessIds (Read-PidFile $pids)) } -TimeoutSeconds 5 | Should -BeTrue
    }
}

Describe 'Script blocks' {
    It 'runs 100 blocks with $using: values at -ThrottleLimit 8, each returning its own value' {
        $offset = 1000
        $results = 1..100 | Invoke-HeroTask -ScriptBlock { $_ + $using:offset } -ThrottleLimit 8
        $results.Count | Should -Be 100
        $values = $results | Sort-Object { [int]($_.Name -replace '\D') } | ForEach-Object { $_.Output[0] }
        $values | Should -Be (1001..1100)
        @($results | Where-Object Status -ne 'Succeeded') | Should -BeNullOrEmpty
    }

    It 'runs blocks from New-HeroTask with their own $using: values' {
        $tasks = foreach ($i in 1..3) { $value = "v$i"; New-HeroTask -Name "t$i" -ScriptBlock { $using:value } }
        $results = $tasks | Invoke-HeroTask
        ($results | Sort-Object Name).Output | Should -Be @('v1', 'v2', 'v3')
    }

    It 'prepares the pool with -ImportModule and -InitializationScript' {
        $results = 1..3 | Invoke-HeroTask -ScriptBlock { "$(Get-Greeting) $_ $((Get-Command Invoke-HeroTask).Name)" } `
            -InitializationScript { function Get-Greeting { 'hello' } } -ImportModule $ModuleManifest
        ($results | Sort-Object Name).Output | Should -Be @('hello 1 Invoke-HeroTask', 'hello 2 Invoke-HeroTask', 'hello 3 Invoke-HeroTask')
    }

    It 'reports a block stuck in a blocking call as TimedOut within timeout + grace + 2 s, and returns' {
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $result = Invoke-HeroTask -ScriptBlock { [Threading.Thread]::Sleep(60000) } -Timeout 2 -GracePeriod 1 -ErrorAction SilentlyContinue
        $clock.Stop()
        $result.Status | Should -Be 'TimedOut'
        $result.ExitCode | Should -Be 124
        $result.Message | Should -Match 'abandoned'
        $clock.Elapsed.TotalSeconds | Should -BeLessThan (2 + 1 + 2)
    }

    It 'fails a block that throws or writes an error' {
        $results = @(
            New-HeroTask -Name throws -ScriptBlock { throw 'boom' }
            New-HeroTask -Name writes -ScriptBlock { Write-Error 'soft'; 'still here' }
            New-HeroTask -Name fine -ScriptBlock { 'ok' }
        ) | Invoke-HeroTask -ErrorAction SilentlyContinue
        ($results | Where-Object Name -eq 'throws').Status | Should -Be 'Failed'
        ($results | Where-Object Name -eq 'throws').Message | Should -Match 'boom'
        ($results | Where-Object Name -eq 'writes').Status | Should -Be 'Failed'
        ($results | Where-Object Name -eq 'fine').Status | Should -Be 'Succeeded'
    }

    It 'runs blocks in a child pwsh with -Isolation Process' -Skip:(-not $OnUnix) {
        $factor = 3
        $results = 1..2 | Invoke-HeroTask -ScriptBlock { [pscustomobject]@{ Value = $_ * $using:factor; Pid = $PID } } -Isolation Process
        $results.Count | Should -Be 2
        ($results | Sort-Object Name).Output.Value | Should -Be @(3, 6)
        $results.Output.Pid | ForEach-Object { $_ | Should -Not -Be $PID }
    }
}

Describe 'Live output of parallel tasks' -Skip:(-not $OnUnix) {
    It 'keeps every line whole and prefixed with its task name' {
        $payload = 'x' * 300
        $tasks = 1..8 | ForEach-Object { @{ Name = "chatty-$_"; FilePath = 'sh'; ArgumentList = '-c', "i=0; while [ `$i -lt 200 ]; do echo line-$_-`$i-$payload; i=`$((i+1)); done" } }
        $captured = Invoke-Captured { $tasks | Invoke-HeroTask -ThrottleLimit 8 -CI None }
        $captured.Lines.Count | Should -Be 1600
        foreach ($line in $captured.Lines) {
            $line | Should -Match "^\[chatty-(\d)\] line-\1-\d+-$payload$"
        }
    }
}

Describe 'CI output' -Skip:(-not $OnUnix) {
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
                @{ Name = 'good'; Command = 'echo fine' }
                @{ Name = 'bad'; Command = 'echo broken >&2; exit 2' }
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
        $captured = Invoke-Captured { 1..60 | ForEach-Object { @{ Name = "broken-$_"; FilePath = 'false' } } | Invoke-HeroTask -ThrottleLimit 8 -ErrorAction SilentlyContinue }
        @($captured.Lines | Where-Object { $_ -like '::error *' }).Count | Should -Be 10
        $summary = Get-Content -LiteralPath $env:GITHUB_STEP_SUMMARY -Raw
        $summary | Should -Match '50 more failure\(s\) beyond the annotation limit'
        ([regex]::Matches($summary, '`broken-\d+`')).Count | Should -Be 50
    }

    It 'speaks Azure Pipelines' {
        $env:TF_BUILD = 'True'
        $env:AGENT_TEMPDIRECTORY = $TestDrive
        $captured = Invoke-Captured { @{ Name = 'bad'; FilePath = 'false' } | Invoke-HeroTask -ErrorAction SilentlyContinue }
        $captured.Lines | Should -Contain '##[endgroup]'
        @($captured.Lines | Where-Object { $_ -like '##`[group`]bad*' }).Count | Should -Be 1
        @($captured.Lines | Where-Object { $_ -like '##vso`[task.logissue type=error*' }).Count | Should -Be 1
    }

    It 'writes none of it with -CI None' {
        $env:GITHUB_ACTIONS = 'true'
        $captured = Invoke-Captured { @{ Name = 'bad'; FilePath = 'false' } | Invoke-HeroTask -CI None -ErrorAction SilentlyContinue }
        @($captured.Lines | Where-Object { $_ -match '^(::|##)' }) | Should -BeNullOrEmpty
    }
}

Describe 'Reports' -Skip:(-not $OnUnix) {
    BeforeAll {
        $script:Tasks = @(
            @{ Name = 'passes'; Command = 'echo all good' }
            @{ Name = 'fails'; Command = 'echo "the output tail"; exit 3' }
            @{ Name = 'hangs'; Command = 'sleep 30'; Timeout = 1; GracePeriod = 0.5 }
            @{ Name = 'skipped'; FilePath = 'true'; DependsOn = 'fails' }
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
        $null = Invoke-HeroTask true -ResultPath $report -CI None
        @(Get-Content -LiteralPath $report).Count | Should -Be 5
    }

    It 'still returns the result, with a non-terminating error, when a report cannot be written' -Skip:(-not (Test-Path /dev/full)) {
        $result = Invoke-HeroTask true -ResultPath /dev/full -CI None -ErrorVariable problems -ErrorAction SilentlyContinue
        $result.Status | Should -Be 'Succeeded'
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'HeroTaskReportFailed,*'
        $problems[0].Exception.Message | Should -Match '/dev/full'
    }
}

Describe 'Shards' {
    It 'splits 10 tasks into disjoint slices that together are complete, the same on every run' {
        $tasks = 1..10 | ForEach-Object { $n = $_; New-HeroTask -Name "task-$n" -ScriptBlock { 'ran' } }
        $slices = foreach ($index in 1..3) { , @(($tasks | Invoke-HeroTask -Shard "$index/3").Name | Sort-Object) }
        $again = foreach ($index in 1..3) { , @(($tasks | Invoke-HeroTask -Shard "$index/3").Name | Sort-Object) }
        $all = $slices | ForEach-Object { $_ }
        $all.Count | Should -Be 10
        @($all | Sort-Object -Unique).Count | Should -Be 10
        for ($i = 0; $i -lt 3; $i++) { ($slices[$i] -join ',') | Should -Be ($again[$i] -join ',') }
    }
}

Describe 'Batch bad input' {
    It 'rejects -ThrottleLimit 0 as a binding error' {
        { @{ FilePath = 'true' } | Invoke-HeroTask -ThrottleLimit 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
    }

    It 'rejects -Shard 4/3' {
        { @{ FilePath = 'true' } | Invoke-HeroTask -Shard 4/3 } | Should -Throw -ExpectedMessage '*-Shard*4/3*'
    }

    It 'rejects a hashtable with an unknown key, naming the key and the task' {
        { @{ Name = 'deploy'; FilePath = 'true'; Timeuot = 5 } | Invoke-HeroTask } | Should -Throw -ExpectedMessage "*Task 'deploy'*unknown key 'Timeuot'*"
    }

    It 'rejects two tasks with the same name' {
        { @(@{ Name = 'twin'; FilePath = 'true' }, @{ Name = 'twin'; FilePath = 'true' }) | Invoke-HeroTask } |
            Should -Throw -ExpectedMessage "*'twin'*unique*"
    }

    It 'rejects a hashtable with a bad Encoding as an invalid parameter, naming the key and the task' {
        { @{ Name = 'deploy'; FilePath = 'true'; Encoding = 'nope' } | Invoke-HeroTask } |
            Should -Throw -ErrorId 'HeroTaskInvalidParameter*' -ExpectedMessage "*Task 'deploy'*'Encoding'*"
    }
}

Describe 'Hashtable inputs' -Skip:(-not $OnUnix) {
    It 'runs a ScriptPath hashtable in the session''s PowerShell, not the first pwsh on PATH, as New-HeroTask -ScriptPath does' {
        # pwsh puts $PSHOME first on its own PATH; another pwsh ahead of it shows which one ran.
        $impostor = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'impostor')
        $fake = Join-Path $impostor.FullName 'pwsh'
        Set-Content -LiteralPath $fake -Value "#!/bin/sh`necho impostor"
        chmod +x $fake
        $script = Join-Path $TestDrive 'home.ps1'
        Set-Content -LiteralPath $script -Value 'Write-Output $PSHOME'
        $sessionPowerShell = (New-HeroTask -ScriptPath $script).PowerShellHost
        $path = $impostor.FullName + [IO.Path]::PathSeparator + $env:PATH

        $result = @{ ScriptPath = $script; Environment = @{ PATH = $path } } | Invoke-HeroTask -Quiet
        $result.Status | Should -Be 'Succeeded'
        $result.Command.Contains($sessionPowerShell) | Should -BeTrue -Because "the command '$($result.Command)' should run '$sessionPowerShell'"
        $result.StdOut.Trim() | Should -Be $PSHOME
    }
}

Describe 'Script block inputs and errors' {
    It 'keeps the properties of a [pscustomobject] given as $_ or $using:' {
        $item = [pscustomobject]@{ Name = 'widget'; Count = 3 }
        (Invoke-HeroTask -ScriptBlock { "$($using:item.Name) x$($using:item.Count)" }).Output | Should -Be 'widget x3'
        ($item | Invoke-HeroTask -ScriptBlock { "$($_.Name) x$($_.Count)" }).Output | Should -Be 'widget x3'
        (Invoke-HeroTask -ScriptBlock { $_.Name } -InputObject $item).Output | Should -Be 'widget'
    }

    It 'keeps $null among the output objects' {
        (Invoke-HeroTask -ScriptBlock { $null; 1 }).Output.Count | Should -Be 2
    }

    It 'reports the block''s own error, not the call that ran it' {
        $result = Invoke-HeroTask -ScriptBlock { throw 'boom' } -ErrorAction SilentlyContinue
        $result.Message | Should -Be 'boom'
    }

    It 'runs a single block in a child pwsh with -Isolation Process' -Skip:($IsWindows) {
        $result = Invoke-HeroTask -ScriptBlock { $PID } -Isolation Process
        $result.Output | Should -Not -Be $PID
        $failed = Invoke-HeroTask -ScriptBlock { throw 'isolated boom' } -Isolation Process -ErrorAction SilentlyContinue
        $failed.Status | Should -Be 'Failed'
        $failed.StdErr | Should -Match 'isolated boom'
        $failed.StdErr | Should -Not -Match "`e\["
    }
}

Describe 'A batch under -ErrorAction Stop' -Skip:($IsWindows) {
    It 'stops the running tasks at the first failure and still writes the reports' {
        $junit = Join-Path $TestDrive 'stop.xml'
        $clock = [Diagnostics.Stopwatch]::StartNew()
        { @(@{ Name = 'fails'; Command = 'exit 3' }, @{ Name = 'sleeps'; FilePath = 'sleep'; ArgumentList = '30' }) |
            Invoke-HeroTask -ErrorAction Stop -JUnitPath $junit -GracePeriod 1 -Quiet } | Should -Throw -ErrorId 'HeroTaskFailed*'
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 5
        $LASTEXITCODE | Should -Be 3
        ([xml](Get-Content -LiteralPath $junit -Raw)).testsuites.tests | Should -Be 2
    }
}
