# A short narrated tour of what Hero can do, run by `build.ps1 -Task Demo` in a fresh pwsh against the
# built module. Every step runs real processes.
param([Parameter(Mandatory)] [string] $ModulePath)

$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'Shared.ps1')
Import-Module (Join-Path $ModulePath 'Hero.psd1')
$work = Join-Path ([IO.Path]::GetTempPath()) "hero-demo-$PID"
New-Item -ItemType Directory -Path $work -Force | Out-Null

function Step([string] $Title, [string] $Text) {
    Write-Host ''
    Write-Host "== $Title" -ForegroundColor Cyan
    Write-Host $Text -ForegroundColor DarkGray
}

try {
    Set-HeroLogging -Path (Join-Path $work 'demo.clef')

    Step 'Run a command' 'Invoke-HeroTask runs a program with an argument array (no shell), shows its output live and returns a typed result.'
    Invoke-HeroTask -Command 'echo "hello from $0"; uname -s' -Shell -Name hello | Format-Table

    if (-not $IsWindows) {
        Step 'A deadline that really fires' 'A tree of three levels whose middle child ignores SIGTERM, under -Timeout 2 -GracePeriod 1: SIGTERM to the whole group, then SIGKILL after the grace period. No process survives.'
        $pids = Join-Path $work 'pids.txt'
        $tree = 'echo $$ >> "$1"; sh -c ''trap "" TERM; echo $$ >> "$1"; sleep 60 & echo $! >> "$1"; wait'' sh "$1" & sh -c ''echo $$ >> "$1"; sleep 60'' sh "$1" & wait'
        $result = Invoke-HeroTask sh -ArgumentList '-c', $tree, 'sh', $pids -Timeout 2 -GracePeriod 1 -Name stubborn-tree -ErrorAction SilentlyContinue
        $result | Format-Table
        # A zombie (exited, not yet collected by its parent) is not alive.
        $alive = @(Get-Content $pids | Where-Object { Test-ProcessAlive ([int]$_) })
        Write-Host "Processes of the tree still alive: $($alive.Count) (exit code $($result.ExitCode), like GNU timeout's 124)"

        Step 'Not even the death of PowerShell is an escape' 'A second pwsh runs a task with a setsid grandchild and is then killed with SIGKILL, as the OOM killer would. Its sentinel stops the tree within the grace period plus two seconds.'
        $pids = Join-Path $work 'orphans.txt'
        $doomed = Join-Path $work 'doomed-host.ps1'
        Set-Content -LiteralPath $doomed -Value @'
param($Module, $PidFile)
Import-Module $Module
Invoke-HeroTask -GracePeriod 1 -Quiet -- sh -c 'echo $$ >> "$1"; setsid sh -c ''echo $$ >> "$1"; exec sleep 60'' sh "$1" & wait' sh $PidFile
'@
        $pwsh = Get-PwshCommand
        $info = [Diagnostics.ProcessStartInfo]::new($pwsh[0])
        foreach ($argument in @($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $doomed, '-Module', (Join-Path $ModulePath 'Hero.psd1'), '-PidFile', $pids)) {
            $info.ArgumentList.Add($argument)
        }
        $hostProcess = [Diagnostics.Process]::Start($info)
        $deadline = [DateTime]::UtcNow.AddSeconds(30)
        while (@(Get-Content $pids -ErrorAction SilentlyContinue).Count -lt 2 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
        Stop-Process -Id $hostProcess.Id -Force
        $clock = [Diagnostics.Stopwatch]::StartNew()
        while (@(Get-Content $pids | Where-Object { Test-ProcessAlive ([int]$_) }).Count -gt 0 -and $clock.Elapsed.TotalSeconds -lt 3) { Start-Sleep -Milliseconds 100 }
        $alive = @(Get-Content $pids | Where-Object { Test-ProcessAlive ([int]$_) })
        Write-Host ("pwsh killed; {0} process(es) of its tree left after {1:N1} s" -f $alive.Count, $clock.Elapsed.TotalSeconds)

        Step 'Stalls, not just deadlines' '-StallTimeout ends a task that stopped printing, even though its deadline is far away.'
        Invoke-HeroTask -Command 'echo working; sleep 30' -Shell -StallTimeout 1 -GracePeriod 0.5 -Name silent-worker -Quiet -ErrorAction SilentlyContinue | Format-Table
    }

    Step 'Retries with backoff and jitter' 'A flaky command fails twice, then succeeds; -Verbose narrates each attempt and the wait Hero chose.'
    $state = Join-Path $work 'flaky.txt'
    Invoke-HeroTask sh -ArgumentList '-c', 'echo try >> "$1"; [ $(wc -l < "$1") -ge 3 ] || { echo "not yet" >&2; exit 75; }', 'sh', $state `
        -RetryCount 4 -RetryDelay 0.2 -RetryOnExitCode 75 -Name flaky -Verbose | Format-Table

    Step 'Retry PowerShell code, with a circuit breaker' 'Invoke-HeroRetry retries a script block; after 2 failures in a row the circuit opens and calls fail fast.'
    foreach ($call in 1..3) {
        try {
            Invoke-HeroRetry { throw 'service unavailable' } -RetryCount 0 -CircuitName demo-api -CircuitFailureThreshold 2 -CircuitBreakDuration 30
        }
        catch {
            Write-Host "call $call -> $($_.FullyQualifiedErrorId.Split(',')[0]): $($_.Exception.Message)"
        }
    }
    Get-HeroCircuit demo-api | Format-Table Name, State, ConsecutiveFailures, OpenUntil

    Step 'Heartbeats' 'A silent 3 s task with -HeartbeatInterval 1: in a non-interactive host (like CI) Hero prints a line while the task is quiet, so the log never goes silent.'
    Invoke-HeroTask -HeartbeatInterval 1 -Name quiet-job -- sleep 3 | Format-Table

    Step 'Many tasks at once' 'A small build graph: lint and unit tests in parallel, packaging after both, publishing after packaging. Unit tests fail, so what depends on them is skipped; results stream as tasks finish.'
    @(
        New-HeroTask -Name lint -Command 'sleep 0.5; echo lint ok' -Shell
        New-HeroTask -Name unit-tests -Command 'sleep 1; echo "2 tests failed" >&2; exit 1' -Shell
        New-HeroTask -Name docs -Command 'sleep 0.3; echo docs built' -Shell
        New-HeroTask -Name package -Command 'echo packaged' -Shell -DependsOn lint, unit-tests
        New-HeroTask -Name publish -Command 'echo published' -Shell -DependsOn package
    ) | Invoke-HeroTask -ThrottleLimit 3 -ErrorAction SilentlyContinue | Format-Table Name, Status, ExitCode, Duration, Message

    Step 'Script blocks in a runspace pool' '500 small script blocks with $using: values, eight at a time, in one reused pool.'
    $factor = 7
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $blocks = 1..500 | Invoke-HeroTask -ScriptBlock { $_ * $using:factor } -ThrottleLimit 8
    Write-Host ("500 blocks in {0:N2} s; sum of outputs {1}" -f $clock.Elapsed.TotalSeconds, ($blocks.Output | Measure-Object -Sum).Sum)

    Step 'Measure two commands side by side' 'Measure-HeroTask times each run from its own spawn to the exit, as hyperfine does, with the CPU and peak memory of the whole process tree, and compares the targets.'
    @(
        @{ Name = 'sort'; Command = 'seq 200000 | sort -n > /dev/null'; Shell = $true }
        @{ Name = 'sort -S 1M'; Command = 'seq 200000 | sort -n -S 1M > /dev/null'; Shell = $true }
    ) | Measure-HeroTask -Iterations 10 -Warmup 1 -WarningAction SilentlyContinue | Format-Table

    Step 'A budget gate over a measurement' 'Test-HeroSlo judges measurements against k6-style thresholds; a verdict allows for the noise of the runs (Inconclusive when the interval straddles the threshold), and -BaselinePath catches significant slowdowns.'
    $sleeps = Measure-HeroTask -Name nap -Iterations 12 -Warmup 0 -WarningAction SilentlyContinue -- sleep 0.05
    $sleeps | Test-HeroSlo -CI None -WarningAction SilentlyContinue -ErrorAction SilentlyContinue -Objective @(
        @{ Name = 'nap-median'; Task = 'nap'; Threshold = 'med < 80ms' }
        @{ Name = 'nap-tight'; Task = 'nap'; Threshold = 'med < 55ms' }
        @{ Name = 'nap-every-run'; Task = 'nap'; Threshold = 'max < 20ms'; Level = 'Warning' }
        @{ Name = 'nap-memory'; Task = 'nap'; Metric = 'memory'; Threshold = 'max < 64MB' }
    ) | Format-Table Verdict, Objective, @{ n = 'Actual'; e = { $_.FormatValue($_.Actual) } }, Threshold, Message -Wrap
    $baseline = Join-Path $work 'nap-baseline.jsonl'
    $sleeps | Test-HeroSlo -BaselinePath $baseline -UpdateBaseline -CI None | Out-Null
    Measure-HeroTask -Name nap -Iterations 12 -Warmup 0 -WarningAction SilentlyContinue -- sleep 0.075 |
        Test-HeroSlo -BaselinePath $baseline -CI None -WarningAction SilentlyContinue -ErrorAction SilentlyContinue |
        Format-Table Verdict, Objective, @{ n = 'Ratio'; e = { $_.FormatValue($_.Actual) } }, @{ n = 'Interval'; e = { '{0:0.00}x .. {1:0.00}x' -f $_.Interval.Lower, $_.Interval.Upper } }

    Step 'Secrets stay secret' 'Values registered with Register-HeroSecret, or passed under a sensitive name, are masked everywhere Hero writes.'
    Register-HeroSecret 'demo-s3cr3t-token'
    $masked = Invoke-HeroTask sh -ArgumentList '-c', 'echo "token is $1"', 'sh', 'demo-s3cr3t-token' -Name secretive
    Write-Host "Command: $($masked.Command)"

    Step 'The doctor' 'Test-HeroHealth runs checks in parallel under one deadline; -Quick only those that start no program, within a second. A port nobody listens on is Critical, and says so.'
    Test-HeroHealth -Quick | Format-Table
    $probe = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
    $probe.Start(); $closedPort = $probe.LocalEndpoint.Port; $probe.Stop()
    Test-HeroHealth -Check @{ Kind = 'Command'; Command = 'git'; Minimum = '2.0' }, @{ Name = 'api-port'; Kind = 'TcpPort'; Port = $closedPort } -ErrorAction SilentlyContinue |
        Format-Table

    Step 'Backup and restore' 'Backup-HeroProject zips a scratch repository in-process (no node_modules, no .env) and bundles its git history; Restore-HeroBackup verifies both hashes and rebuilds the tree.'
    $project = New-Item -ItemType Directory -Path (Join-Path $work 'shop') -Force
    New-Item -ItemType Directory -Path (Join-Path $project 'src'), (Join-Path $project 'node_modules' 'left-pad') -Force | Out-Null
    Set-Content -LiteralPath (Join-Path $project 'src' 'app.js') -Value 'console.log("shop")'
    Set-Content -LiteralPath (Join-Path $project 'node_modules' 'left-pad' 'index.js') -Value 'module.exports = 1'
    Set-Content -LiteralPath (Join-Path $project '.env') -Value 'DB_PASSWORD=not-in-any-backup'
    Set-Content -LiteralPath (Join-Path $project '.gitignore') -Value 'node_modules/', '.env', '.backups/'
    $null = git -C $project init -q 2>&1
    $null = git -C $project add -A 2>&1
    $null = git -C $project -c user.email=demo@example.test -c user.name=Demo commit -q -m 'first' 2>&1
    Set-Content -LiteralPath (Join-Path $project 'src' 'draft.js') -Value '// not committed yet'
    $backup = Backup-HeroProject -Path $project
    $backup | Format-Table
    $backup.Artifacts | Format-Table Type, Ok, Bytes, Sha256
    $restored = Restore-HeroBackup -Path $backup.Path -Destination (Join-Path $work 'shop-restored')
    $restored | Format-Table
    Write-Host "Restored files: $((Get-ChildItem -LiteralPath $restored.Destination -Recurse -File -Force | Where-Object FullName -NotMatch '[\\/]\.git[\\/]' | ForEach-Object { $_.FullName.Substring($restored.Destination.Length + 1) }) -join ', ')"

    Step 'One structured log' 'Every task wrote its lifecycle to a CLEF file under one trace id; Get-HeroLog reads it back.'
    Get-HeroLog -Path (Join-Path $work 'demo.clef') -Level Information |
        Select-Object -Last 12 | Format-Table @{ n = 'Time'; e = { $_.Timestamp.ToString('HH:mm:ss.fff') } }, Level, Task, Message -AutoSize -Wrap
    Write-Host "Trace id of this session: $((Get-HeroLogging).TraceId)"
}
finally {
    Set-HeroLogging -DisableFile
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}
Write-Host ''
Write-Host 'Demo complete.' -ForegroundColor Green
