#Requires -Modules Pester
# Invoke-HeroTask with many tasks: throttling, dependencies, fail-fast, Ctrl+C, shards, hashtable
# inputs and the batch's bad-input errors.

BeforeDiscovery {
    $script:OnUnix = -not $IsWindows
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')

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
}

Describe 'Throttling' {
    It 'runs 20 one-second tasks at -ThrottleLimit 4 in 5 to 9 s, never more than 4 at once' {
        # Each task writes a start and an end time stamp (seconds, microseconds) around its sleep:
        # real intervals to check the throttle against.
        $stamps = Join-Path $TestDrive 'throttle.txt'
        $tasks = 1..20 | ForEach-Object { @{ Name = "sleep-$_"; FilePath = $Kit; ArgumentList = 'timed', $stamps, '1' } }
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
            @{ Name = 'slow'; FilePath = $Kit; ArgumentList = 'sleep', '1.5' }
            @{ Name = 'fast'; FilePath = $Kit; ArgumentList = 'exit', '0' }
        ) | Invoke-HeroTask -ThrottleLimit 2
        $results.Name | Should -Be @('fast', 'slow')
    }
}

Describe 'Dependencies' {
    It 'runs a -> b -> c in order' {
        $order = Join-Path $TestDrive 'order.txt'
        $results = @(
            New-HeroTask -Name c -FilePath $Kit -ArgumentList 'append', $order, 'c' -DependsOn b
            New-HeroTask -Name b -FilePath $Kit -ArgumentList 'sleep', '0.2', 'append', $order, 'b' -DependsOn a
            New-HeroTask -Name a -FilePath $Kit -ArgumentList 'sleep', '0.2', 'append', $order, 'a'
        ) | Invoke-HeroTask -ThrottleLimit 3 -Quiet
        Get-Content -LiteralPath $order | Should -Be @('a', 'b', 'c')
        $results.Name | Should -Be @('a', 'b', 'c')
    }

    It 'skips the dependents of a failure' {
        $results = @(
            @{ Name = 'a'; FilePath = $Kit; ArgumentList = 'exit', '0' }
            @{ Name = 'b'; Command = (Get-KitCommand exit 4); DependsOn = 'a' }
            @{ Name = 'c'; FilePath = $Kit; ArgumentList = 'exit', '0'; DependsOn = 'b' }
            @{ Name = 'd'; FilePath = $Kit; ArgumentList = 'exit', '0'; DependsOn = 'a' }
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
                @{ Name = 'free'; FilePath = $Kit; ArgumentList = 'touch', $marker }
                @{ Name = 'x'; FilePath = $Kit; ArgumentList = 'exit', '0'; DependsOn = 'y' }
                @{ Name = 'y'; FilePath = $Kit; ArgumentList = 'exit', '0'; DependsOn = 'x' }
            ) | Invoke-HeroTask
        } | Should -Throw -ExpectedMessage '*cycle*x -> y -> x*'
        Test-Path -LiteralPath $marker | Should -BeFalse
    }

    It 'rejects an unknown dependency, naming it' {
        { @{ Name = 'lonely'; FilePath = $Kit; ArgumentList = 'exit', '0'; DependsOn = 'ghost' } | Invoke-HeroTask } |
            Should -Throw -ExpectedMessage "*'ghost'*"
    }
}

Describe 'Fail-fast and Ctrl+C' {
    It 'stops running tasks within grace + 2 s on the first failure, skipping or cancelling the rest' {
        $pids = Join-Path $TestDrive 'failfast-pids.txt'
        $tasks = @(@{ Name = 'breaks'; Command = (Get-KitCommand sleep 0.5 exit 3) }) +
            (1..3 | ForEach-Object { @{ Name = "long-$_"; FilePath = $Kit; ArgumentList = 'pid', $pids, 'sleep', '60' } }) +
            (1..4 | ForEach-Object { @{ Name = "later-$_"; FilePath = $Kit; ArgumentList = 'exit', '0' } })
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
                param($module, $kit, $pids, $report)
                Import-Module $module
                1..12 | ForEach-Object { @{ Name = "tree-$_"; FilePath = $kit; ArgumentList = 'pid', $pids, 'spawn', '[', 'pid', $pids, 'sleep', '60', ']', 'sleep', '60' } } |
                    Invoke-HeroTask -ThrottleLimit 8 -GracePeriod 1 -Quiet -ResultPath $report
            }).AddArgument($ModuleManifest).AddArgument($Kit).AddArgument($pids).AddArgument($report)
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
        $tasks = @(@{ Name = 'quick'; Command = (Get-KitCommand sleep 0.5) }) +
            (1..3 | ForEach-Object { @{ Name = "slow-$_"; FilePath = $Kit; ArgumentList = 'pid', $pids, 'sleep', '60' } })
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $first = $tasks | Invoke-HeroTask -ThrottleLimit 4 -GracePeriod 1 -Quiet | Select-Object -First 1
        $clock.Stop()
        $first.Name | Should -Be 'quick'
        $clock.Elapsed.TotalSeconds | Should -BeLessThan (0.5 + 1 + 2 + 1)
        Wait-Until { -not (Get-LiveProcessIds (Read-PidFile $pids)) } -TimeoutSeconds 5 | Should -BeTrue
    }
}

Describe 'A batch under -ErrorAction Stop' {
    It 'stops the running tasks at the first failure and still writes the reports' {
        $junit = Join-Path $TestDrive 'stop.xml'
        $clock = [Diagnostics.Stopwatch]::StartNew()
        { @(@{ Name = 'fails'; Command = (Get-KitCommand exit 3) }, @{ Name = 'sleeps'; FilePath = $Kit; ArgumentList = 'sleep', '30' }) |
            Invoke-HeroTask -ErrorAction Stop -JUnitPath $junit -GracePeriod 1 -Quiet } | Should -Throw -ErrorId 'HeroTaskFailed*'
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 5
        $LASTEXITCODE | Should -Be 3
        ([xml](Get-Content -LiteralPath $junit -Raw)).testsuites.tests | Should -Be 2
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

Describe 'Batch bad input' {
    It 'rejects -ThrottleLimit 0 as a binding error' {
        { @{ FilePath = $Kit; ArgumentList = 'exit', '0' } | Invoke-HeroTask -ThrottleLimit 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
    }

    It 'rejects -Shard 4/3' {
        { @{ FilePath = $Kit; ArgumentList = 'exit', '0' } | Invoke-HeroTask -Shard 4/3 } | Should -Throw -ExpectedMessage '*-Shard*4/3*'
    }

    It 'rejects a hashtable with an unknown key, naming the key and the task' {
        { @{ Name = 'deploy'; FilePath = $Kit; ArgumentList = 'exit', '0'; Timeuot = 5 } | Invoke-HeroTask } | Should -Throw -ExpectedMessage "*Task 'deploy'*unknown key 'Timeuot'*"
    }

    It 'rejects two tasks with the same name' {
        { @(@{ Name = 'twin'; FilePath = $Kit; ArgumentList = 'exit', '0' }, @{ Name = 'twin'; FilePath = $Kit; ArgumentList = 'exit', '0' }) | Invoke-HeroTask } |
            Should -Throw -ExpectedMessage "*'twin'*unique*"
    }

    It 'rejects a hashtable with a bad Encoding as an invalid parameter, naming the key and the task' {
        { @{ Name = 'deploy'; FilePath = $Kit; ArgumentList = 'exit', '0'; Encoding = 'nope' } | Invoke-HeroTask } |
            Should -Throw -ErrorId 'HeroTaskInvalidParameter*' -ExpectedMessage "*Task 'deploy'*'Encoding'*"
    }
}
