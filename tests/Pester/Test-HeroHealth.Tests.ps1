#Requires -Modules Pester
# The doctor against real things: a TCP listener and an HTTP server the test starts on 127.0.0.1, real
# git repositories, real programs that hang, and counted child processes.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    . (Join-Path $PSScriptRoot 'BackupFixtures.ps1')

    # An HTTP server on 127.0.0.1 in a background runspace of this pwsh: /fail answers 500, /slow
    # answers after 1.2 s, anything else 200 with {"status":"ok"}.
    function Start-TestHttpServer {
        $probe = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
        $probe.Start()
        $port = $probe.LocalEndpoint.Port
        $probe.Stop()
        $listener = [Net.HttpListener]::new()
        $listener.Prefixes.Add("http://127.0.0.1:$port/")
        $listener.Start()
        $ps = [powershell]::Create()
        $null = $ps.AddScript({
                param($listener)
                while ($listener.IsListening) {
                    try { $context = $listener.GetContext() } catch { break }
                    $status, $body = 200, '{"status":"ok"}'
                    switch ($context.Request.Url.AbsolutePath) {
                        '/fail' { $status, $body = 500, 'boom' }
                        '/slow' { Start-Sleep -Milliseconds 1200 }
                    }
                    $bytes = [Text.Encoding]::UTF8.GetBytes($body)
                    $context.Response.StatusCode = $status
                    $context.Response.OutputStream.Write($bytes, 0, $bytes.Length)
                    $context.Response.Close()
                }
            }).AddArgument($listener)
        [pscustomobject]@{ Uri = "http://127.0.0.1:$port"; Listener = $listener; PowerShell = $ps; Handle = $ps.BeginInvoke() }
    }

    function Stop-TestHttpServer($Server) {
        $Server.Listener.Stop()
        $Server.Listener.Close()
        $null = $Server.Handle.AsyncWaitHandle.WaitOne(5000)
        $Server.PowerShell.Dispose()
    }

    # The verdict of one check, given as a hashtable.
    function Test-One([hashtable] $Check) {
        Test-HeroHealth -Check $Check -ErrorAction SilentlyContinue
    }

    # A check whose program records its pid, starts a child that records its own, and both hang.
    # One pid file per check: the kit appends by seeking to the end, so two processes appending to
    # one file at the same moment could overwrite each other's line.
    function New-HangingCheck([string] $Name, [string] $PidFile) {
        @{ Name = $Name; Kind = 'Custom'; FilePath = $Kit; ArgumentList = 'pid', $PidFile, 'spawn', '[', 'pid', $PidFile, 'sleep', '600', ']', 'sleep', '600' }
    }
}

Describe 'Deadlines' {
    It 'reports a check that hangs past its 2 s timeout as TimedOut, with no process left' {
        $pids = Join-Path $TestDrive 'hang.pids'
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $result = Test-HeroHealth -Check ((New-HangingCheck 'hang' $pids) + @{ Timeout = 2 }) -GracePeriod 1 -ErrorAction SilentlyContinue
        $clock.Stop()
        $result.Status | Should -Be 'TimedOut'
        $result.Message | Should -Match "timeout of 2s"
        $clock.Elapsed.TotalSeconds | Should -BeLessThan (2 + 1 + 2)
        (Read-PidFile $pids).Count | Should -Be 2
        Get-LiveProcessIds (Read-PidFile $pids) | Should -BeNullOrEmpty
    }

    It 'ends ten checks under a 3 s global deadline by 3 s + grace + 1 s, started or not' {
        $checks = 1..10 | ForEach-Object { New-HangingCheck "hang-$_" (Join-Path $TestDrive "ten-$_.pids") }
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $results = Test-HeroHealth -Check $checks -Timeout 3 -CheckTimeout 600 -ThrottleLimit 4 -GracePeriod 1 -ErrorAction SilentlyContinue
        $clock.Stop()
        $clock.Elapsed.TotalSeconds | Should -BeLessThan (3 + 1 + 1)
        $results.Count | Should -Be 10
        $results.Status | ForEach-Object { $_ | Should -Be 'TimedOut' }
        @($results | Where-Object Message -Match 'before the check could start').Count | Should -Be 6
        $pids = @(1..10 | ForEach-Object { Read-PidFile (Join-Path $TestDrive "ten-$_.pids") })
        $pids.Count | Should -Be 8
        Get-LiveProcessIds $pids | Should -BeNullOrEmpty
    }

    It 'ends within grace + 1 s on Ctrl+C, with every check''s tree gone and the report written' {
        $pidFiles = 1..2 | ForEach-Object { Join-Path $TestDrive "ctrlc-$_.pids" }
        $junit = Join-Path $TestDrive 'ctrlc.xml'
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                    param($module, $checks, $junit)
                    Import-Module $module
                    Test-HeroHealth -Check $checks -GracePeriod 1 -CheckTimeout 600 -JUnitPath $junit
                }).AddArgument($ModuleManifest).AddArgument(@(1..2 | ForEach-Object { New-HangingCheck "hang-$_" $pidFiles[$_ - 1] })).AddArgument($junit)
            $async = $ps.BeginInvoke()
            Wait-Until { @($pidFiles | ForEach-Object { Read-PidFile $_ }).Count -ge 4 } -TimeoutSeconds 20 | Should -BeTrue
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $clock.Elapsed.TotalSeconds | Should -BeLessThan (1 + 1 + 1)
            $async.IsCompleted | Should -BeTrue
        }
        finally {
            $ps.Dispose()
        }
        Get-LiveProcessIds @($pidFiles | ForEach-Object { Read-PidFile $_ }) | Should -BeNullOrEmpty
        ([xml](Get-Content -LiteralPath $junit -Raw)).testsuites.testsuite.tests | Should -Be 2
    }
}

Describe '-Quick' {
    BeforeAll {
        # Every program a check here starts appends a line to the counter as it starts.
        $counter = Join-Path $TestDrive 'starts.txt'
        $repo = New-TestRepository -Path (Join-Path $TestDrive 'quick-repo')
        $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
        $listener.Start()
        $checks = @(
            @{ Kind = 'PowerShell' }
            @{ Kind = 'DotNet' }
            @{ Kind = 'DiskFree' }
            @{ Kind = 'Memory' }
            @{ Kind = 'TcpPort'; Port = $listener.LocalEndpoint.Port }
            @{ Kind = 'Command'; Command = $Kit; VersionArguments = 'append', $counter, 'command', 'out', 'kit 1.2.3'; Minimum = '1.0' }
            @{ Kind = 'Custom'; FilePath = $Kit; ArgumentList = 'append', $counter, 'custom' }
            @{ Kind = 'Git'; Path = $repo }
        )
    }

    AfterAll {
        $listener.Stop()
    }

    It 'returns in under 1 s and starts no child process' {
        $null = Test-HeroHealth -Check $checks -Quick
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $results = Test-HeroHealth -Check $checks -Quick
        $clock.Stop()
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 1
        $results.Kind | Sort-Object | Should -Be @('DiskFree', 'DotNet', 'Memory', 'PowerShell', 'TcpPort')
        $results.Status | ForEach-Object { $_ | Should -Be 'Healthy' }
        Test-Path -LiteralPath $counter | Should -BeFalse
    }

    It 'counts the starts it would have made without -Quick' {
        $results = Test-HeroHealth -Check $checks
        $results.Count | Should -Be 8
        $results.Status | ForEach-Object { $_ | Should -Be 'Healthy' }
        @(Get-Content -LiteralPath $counter) | Sort-Object | Should -Be @('command', 'custom')
    }
}

Describe 'Each kind, healthy and critical, against something real' {
    BeforeAll {
        $server = Start-TestHttpServer
    }

    AfterAll {
        Stop-TestHttpServer $server
    }

    It 'TcpPort: a listening port is Healthy, a closed one Critical' {
        $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
        $listener.Start()
        $port = $listener.LocalEndpoint.Port
        try {
            (Test-One @{ Kind = 'TcpPort'; Port = $port }).Status | Should -Be 'Healthy'
        }
        finally {
            $listener.Stop()
        }
        $closed = Test-One @{ Kind = 'TcpPort'; Port = $port }
        $closed.Status | Should -Be 'Critical'
        $closed.Value | Should -BeFalse
    }

    It 'Http: <Case> is <Expected>' -ForEach @(
        @{ Case = '200 without a body pattern'; Path = '/'; Extra = @{}; Expected = 'Healthy' }
        @{ Case = '200 whose body matches'; Path = '/'; Extra = @{ BodyPattern = '"status":\s*"ok"' }; Expected = 'Healthy' }
        @{ Case = '200 whose body does not match'; Path = '/'; Extra = @{ BodyPattern = '"status":\s*"down"' }; Expected = 'Critical' }
        @{ Case = '500'; Path = '/fail'; Extra = @{}; Expected = 'Critical' }
        @{ Case = 'too slow'; Path = '/slow'; Extra = @{ Warning = '100ms'; Critical = '300ms' }; Expected = 'Critical' }
    ) {
        $result = Test-One (@{ Kind = 'Http'; Uri = "$($server.Uri)$Path" } + $Extra)
        $result.Status | Should -Be $Expected -Because $result.Message
        if ($Path -eq '/fail') { $result.Value | Should -Be 500 }
        if ($Path -eq '/slow') { $result.Message | Should -Match 'critical latency of 300ms' }
    }

    It 'Git: 0 uncommitted files is Healthy, 25 Critical' {
        $repo = New-TestRepository -Path (Join-Path $TestDrive 'tree')
        $clean = Test-One @{ Kind = 'Git'; Path = $repo }
        $clean.Status | Should -Be 'Healthy'
        $clean.Value | Should -Be 0
        1..24 | ForEach-Object { Set-Content -LiteralPath (Join-Path $repo "new-$_.txt") -Value $_ }
        Set-Content -LiteralPath (Join-Path $repo 'README.md') -Value 'changed'
        $dirty = Test-One @{ Kind = 'Git'; Path = $repo }
        $dirty.Status | Should -Be 'Critical'
        $dirty.Value | Should -Be 25
        (Test-One @{ Kind = 'Git'; Path = $TestDrive }).Status | Should -Be 'Error'
    }

    It 'Command: a version above the minimum is Healthy, below it or missing Critical' {
        $above = Test-One @{ Kind = 'Command'; Command = 'git'; Minimum = '2.0' }
        $above.Status | Should -Be 'Healthy'
        $above.Value | Should -BeOfType [version]
        (Test-One @{ Kind = 'Command'; Command = 'git'; Minimum = '99.0' }).Status | Should -Be 'Critical'
        (Test-One @{ Kind = 'Command'; Command = 'hero-no-such-tool' }).Status | Should -Be 'Critical'
    }

    It 'PowerShell and DotNet: at or above the minimum is Healthy, below Critical' {
        (Test-One @{ Kind = 'PowerShell'; Minimum = '5.1' }).Status | Should -Be 'Healthy'
        (Test-One @{ Kind = 'PowerShell'; Minimum = '99.0' }).Status | Should -Be 'Critical'
        (Test-One @{ Kind = 'DotNet'; Minimum = '4.0' }).Status | Should -Be 'Healthy'
        (Test-One @{ Kind = 'DotNet'; Minimum = '99.0' }).Status | Should -Be 'Critical'
        (Test-One @{ Kind = 'PowerShell' }).Value | Should -Be ([version]$PSVersionTable.PSVersion.ToString().Split('-')[0])
    }

    It 'DiskFree and Memory: above the threshold is Healthy, below Critical' {
        (Test-One @{ Kind = 'DiskFree'; Path = $TestDrive; Warning = '0%'; Critical = '0%' }).Status | Should -Be 'Healthy'
        (Test-One @{ Kind = 'DiskFree'; Path = $TestDrive; Critical = '100%' }).Status | Should -Be 'Critical'
        (Test-One @{ Kind = 'DiskFree'; Path = $TestDrive; Critical = '1024TB' }).Status | Should -Be 'Critical'
        (Test-One @{ Kind = 'Memory'; Warning = '0%'; Critical = '0%' }).Status | Should -Be 'Healthy'
        (Test-One @{ Kind = 'Memory'; Critical = '100%' }).Status | Should -Be 'Critical'
    }

    It 'BackupAge: a fresh backup is Healthy; an old one, a failed one or none Critical' {
        $project = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'project') -Force
        Set-Content -LiteralPath (Join-Path $project 'a.txt') -Value 'a'
        $destination = Join-Path $TestDrive 'project-backups'
        $null = Backup-HeroProject -Path $project -Destination $destination
        (Test-One @{ Kind = 'BackupAge'; Path = $destination }).Status | Should -Be 'Healthy'
        $last = Join-Path $destination 'meta' 'last.json'
        $record = Get-Content -LiteralPath $last -Raw | ConvertFrom-Json
        $record.finishedAt = [DateTime]::UtcNow.AddDays(-3).ToString('yyyy-MM-ddTHH:mm:ss.fffZ')
        $record | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $last
        $old = Test-One @{ Kind = 'BackupAge'; Path = $destination }
        $old.Status | Should -Be 'Critical'
        $old.Value.TotalDays | Should -BeGreaterThan 2.9
        $record.finishedAt = [DateTime]::UtcNow.ToString('yyyy-MM-ddTHH:mm:ss.fffZ')
        $record.ok = $false
        $record | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $last
        (Test-One @{ Kind = 'BackupAge'; Path = $destination }).Status | Should -Be 'Critical'
        (Test-One @{ Kind = 'BackupAge'; Path = (Join-Path $TestDrive 'no-backups') }).Message | Should -Match 'No backup found'
    }

    It 'LogErrors: counts events by their level, never by words in the text' {
        $now = [DateTime]::UtcNow.ToString('yyyy-MM-ddTHH:mm:ss.fffZ')
        $old = [DateTime]::UtcNow.AddDays(-2).ToString('yyyy-MM-ddTHH:mm:ss.fffZ')
        $log = Join-Path $TestDrive 'app.clef'
        @(
            1..5 | ForEach-Object { '{"@t":"' + $now + '","@mt":"error rate is fine, no Error here ' + $_ + '"}' }
            '{"@t":"' + $old + '","@mt":"old failure","@l":"Error"}'
            'not an event'
        ) | Set-Content -LiteralPath $log
        $quiet = Test-One @{ Kind = 'LogErrors'; Path = $log }
        $quiet.Status | Should -Be 'Healthy'
        $quiet.Value | Should -Be 0
        1..3 | ForEach-Object { '{"@t":"' + $now + '","@mt":"payment {Id} failed","Id":' + $_ + ',"@l":"Error"}' } | Add-Content -LiteralPath $log
        $loud = Test-One @{ Kind = 'LogErrors'; Path = $log; Critical = 3 }
        $loud.Status | Should -Be 'Critical'
        $loud.Value | Should -Be 3
        $loud.Message | Should -Match 'payment 1 failed'
        (Test-One @{ Kind = 'LogErrors'; Path = $log; Pattern = 'payment 2'; Critical = 1 }).Value | Should -Be 1
    }

    It 'Custom: a matching output is Healthy, no match or a value over the threshold Critical' {
        (Test-One @{ Kind = 'Custom'; FilePath = 'git'; ArgumentList = '--version'; Pattern = '^git version \d' }).Status | Should -Be 'Healthy'
        (Test-One @{ Kind = 'Custom'; FilePath = 'git'; ArgumentList = '--version'; Pattern = 'mercurial' }).Status | Should -Be 'Critical'
        $valued = Test-One @{ Kind = 'Custom'; FilePath = 'git'; ArgumentList = '--version'; Pattern = 'version (?<value>\d+)\.'; Warning = 1; Critical = 2 }
        $valued.Status | Should -Be 'Critical'
        $valued.Value | Should -Be 2
        (Test-One @{ Kind = 'Custom'; FilePath = 'git'; ArgumentList = 'no-such-subcommand' }).Status | Should -Be 'Critical'
    }

    It 'ends a pattern that backtracks catastrophically with Error, after its match timeout' {
        $log = Join-Path $TestDrive 'backtrack.clef'
        '{"@t":"' + [DateTime]::UtcNow.ToString('o') + '","@mt":"' + ('a' * 40) + '!","@l":"Error"}' | Set-Content -LiteralPath $log
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $result = Test-One @{ Kind = 'LogErrors'; Path = $log; Pattern = '^(a+)+$' }
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 10
        $result.Status | Should -Be 'Error'
        $result.Message | Should -Match 'catastrophic backtracking'
    }
}

Describe '-Fix' {
    BeforeAll {
        $target = Join-Path $TestDrive 'to-be-a-repo'
        New-Item -ItemType Directory -Path $target | Out-Null
        $check = @{ Name = 'is-repo'; Kind = 'Custom'; FilePath = 'git'; ArgumentList = '-C', $target, 'rev-parse', '--git-dir'; Fix = @('git', 'init', '-q', $target) }
    }

    It 'never runs a fix without -Fix' {
        (Test-HeroHealth -Check $check -ErrorAction SilentlyContinue).Status | Should -Be 'Critical'
        Test-Path -LiteralPath (Join-Path $target '.git') | Should -BeFalse
    }

    It 'does not run the fix with -WhatIf' {
        $result = Test-HeroHealth -Check $check -Fix -WhatIf -ErrorAction SilentlyContinue
        $result.Status | Should -Be 'Critical'
        $result.FixResult | Should -BeNullOrEmpty
        Test-Path -LiteralPath (Join-Path $target '.git') | Should -BeFalse
    }

    It 'runs the fix once with -Confirm:$false, then checks again' {
        $result = Test-HeroHealth -Check $check -Fix -Confirm:$false
        $result.FixResult.Status | Should -Be 'Succeeded'
        $result.Status | Should -Be 'Healthy'
        Test-Path -LiteralPath (Join-Path $target '.git') | Should -BeTrue
    }
}

Describe 'Definitions, results and reports' {
    It 'names the file, the check and the key of a bad definition, before anything runs' {
        $file = Join-Path $TestDrive 'checks.psd1'
        "@{ Checks = @( @{ Kind = 'DiskFree' }, @{ Name = 'api'; Kind = 'Http'; Url = 'http://127.0.0.1:1/' } ) }" | Set-Content -LiteralPath $file
        { Test-HeroHealth -Path $file } | Should -Throw -ErrorId 'HeroHealthInvalidCheck,*' -ExpectedMessage "checks.psd1, check #2 ('api'): Url: is not a key of this kind of check*"
        $json = Join-Path $TestDrive 'checks.json'
        '[ { "Kind": "TcpPort", "Port": 80, "port": 81 } ]' | Set-Content -LiteralPath $json
        { Test-HeroHealth -Path $json } | Should -Throw -ErrorId 'HeroHealthInvalidCheck,*' -ExpectedMessage "*checks.json, check #1: the key 'port' is given twice*"
        { Test-HeroHealth -Check @{ Kind = 'Tcp' } } | Should -Throw -ExpectedMessage "*-Check #1: Kind: 'Tcp' is not a check kind*TcpPort*"
        { Test-HeroHealth -Check @{ Kind = 'Git'; Critical = 'lots' } } | Should -Throw -ExpectedMessage "*Critical: 'lots' is not a threshold*"
        "@{ Checks = @( @{ Kind = 'DiskFree'; Path = (Get-Location) } ) }" | Set-Content -LiteralPath $file
        { Test-HeroHealth -Path $file } | Should -Throw -ExpectedMessage '*only data is allowed*'
    }

    It 'reads checks from .json and .psd1 files' {
        $json = Join-Path $TestDrive 'good.json'
        '{ "checks": [ { "Name": "disk", "Kind": "DiskFree", "Critical": "0%", "Warning": "0%" } ] }' | Set-Content -LiteralPath $json
        $psd1 = Join-Path $TestDrive 'good.psd1'
        "@{ Checks = @( @{ Name = 'pwsh'; Kind = 'PowerShell'; Minimum = '5.1' } ) }" | Set-Content -LiteralPath $psd1
        (Test-HeroHealth -Path $json, $psd1).Name | Sort-Object | Should -Be @('disk', 'pwsh')
    }

    It 'answers -Quiet with a bool and no error, and writes HeroHealthCritical otherwise' {
        Test-HeroHealth -Check @{ Kind = 'DiskFree'; Critical = '0%'; Warning = '0%' } -Quiet | Should -BeTrue
        Test-HeroHealth -Check @{ Kind = 'DiskFree'; Critical = '100%' } -Quiet -ErrorVariable quietErrors | Should -BeFalse
        $quietErrors | Should -BeNullOrEmpty
        { Test-HeroHealth -Check @{ Kind = 'DiskFree'; Critical = '100%' } -ErrorAction Stop } | Should -Throw -ErrorId 'HeroHealthCritical,*'
    }

    It 'returns one summary with -Summary' {
        $summary = Test-HeroHealth -Summary -ErrorAction SilentlyContinue -Check @(
            @{ Name = 'ok'; Kind = 'DiskFree'; Critical = '0%'; Warning = '0%' }
            @{ Name = 'bad'; Kind = 'DiskFree'; Critical = '100%' }
        )
        $summary.Status | Should -Be 'Critical'
        $summary.Total | Should -Be 2
        $summary.Healthy | Should -Be 1
        $summary.Critical | Should -Be 1
        $summary.Results.Name | Should -Be @('ok', 'bad')
    }

    It 'reports to JUnit and to GitHub Actions as batches do' {
        $junit = Join-Path $TestDrive 'health.xml'
        $stepSummary = Join-Path $TestDrive 'step-summary.md'
        $saved = $env:GITHUB_STEP_SUMMARY
        $env:GITHUB_STEP_SUMMARY = $stepSummary
        try {
            $lines = Test-HeroHealth -CI GitHub -JUnitPath $junit -ErrorAction SilentlyContinue -Check @(
                @{ Name = 'ok'; Kind = 'DiskFree'; Critical = '0%'; Warning = '0%' }
                @{ Name = 'bad'; Kind = 'DiskFree'; Critical = '100%' }
            ) 6>&1 | Where-Object { $_ -is [System.Management.Automation.InformationRecord] } | ForEach-Object { "$($_.MessageData)" }
        }
        finally {
            $env:GITHUB_STEP_SUMMARY = $saved
        }
        $lines | Should -Contain '::group::bad: Failed (exit code 1, 0.0s)'
        @($lines | Where-Object { $_ -like '::error title=bad%3A Failed::Critical: *' }).Count | Should -Be 1
        Get-Content -LiteralPath $stepSummary -Raw | Should -Match '\| bad \| ❌ Failed \|'
        $xml = [xml](Get-Content -LiteralPath $junit -Raw)
        $xml.testsuites.testsuite.name | Should -Be 'Hero health'
        $xml.testsuites.testsuite.tests | Should -Be 2
        $xml.testsuites.testsuite.failures | Should -Be 1
    }

    It 'completes -Name with the names of the checks on the command line' {
        $file = Join-Path $TestDrive 'named.psd1'
        "@{ Checks = @( @{ Name = 'api'; Kind = 'TcpPort'; Port = 1 }, @{ Name = 'app log'; Kind = 'LogErrors'; Path = 'x.clef' }, @{ Name = 'disk'; Kind = 'DiskFree' } ) }" |
            Set-Content -LiteralPath $file
        $line = "Test-HeroHealth -Path '$file' -Name ap"
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('api', "'app log'")
        $line = 'Test-HeroHealth -Name Disk'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be 'DiskFree'
    }

    It 'refuses a -JUnitPath whose folder does not exist, before any check runs' {
        { Test-HeroHealth -Quick -JUnitPath (Join-Path $TestDrive 'missing' 'health.xml') } | Should -Throw -ErrorId 'HeroHealthInvalidParameter,*' -ExpectedMessage '-JUnitPath:*does not exist*'
    }

    It 'refuses to pass a run that checks nothing' {
        Test-HeroHealth -Check @{ Kind = 'DiskFree' } -Name 'nothing-like-this' -Quiet -ErrorVariable none -ErrorAction SilentlyContinue | Should -BeFalse
        $none[0].FullyQualifiedErrorId | Should -BeLike 'HeroHealthNoChecks,*'
    }
}
