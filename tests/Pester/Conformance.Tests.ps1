#Requires -Modules Pester
# Hero against the standards and tools around it: GNU timeout's duration parser, POSIX signal
# inheritance, env's 126, W3C Trace Context, the JUnit 10 schema, Serilog's rendering, the Azure agent.

BeforeDiscovery {
    $script:OnUnix = -not $IsWindows
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')

    # A child that runs for a while on every platform.
    function Get-LongCommand {
        if ($IsWindows) { return @('ping', '-n', '10', '127.0.0.1') }
        @('sleep', '10')
    }

    # Runs a script in a fresh pwsh (so the session adopts its own TRACEPARENT) and returns its
    # last output line parsed from JSON.
    function Invoke-FreshSession {
        param([string] $Body, [hashtable] $Environment = @{})
        $script = Join-Path $TestDrive ("session-" + [guid]::NewGuid().ToString('N') + '.ps1')
        Set-Content -LiteralPath $script -Value ("Import-Module '$ModuleManifest'`n" + $Body)
        $result = Invoke-ChildPwsh -ScriptPath $script -Environment $Environment -Timeout 60
        $result.ExitCode | Should -Be 0 -Because $result.StdErr
        ($result.StdOut.Trim() -split "`r?`n")[-1] | ConvertFrom-Json
    }

    function Test-JUnitSchema {
        # Every problem XmlSchemaSet finds in the file, against the vendored Jenkins xUnit schema.
        param([string] $Path)
        $problems = [System.Collections.Generic.List[string]]::new()
        $settings = [System.Xml.XmlReaderSettings]::new()
        $settings.ValidationType = [System.Xml.ValidationType]::Schema
        $settings.CheckCharacters = $true
        $null = $settings.Schemas.Add($null, (Join-Path $PSScriptRoot '..' 'Schemas' 'junit-10.xsd'))
        $settings.add_ValidationEventHandler({ param($sender, $e) $problems.Add($e.Message) }.GetNewClosure())
        $reader = [System.Xml.XmlReader]::Create($Path, $settings)
        try {
            try { while ($reader.Read()) { } } catch [System.Xml.XmlException] { $problems.Add($_.Exception.Message) }
        }
        finally { $reader.Dispose() }
        , $problems.ToArray()
    }
}

AfterAll {
    Set-HeroLogging -DisableFile -MinimumLevel Information -Console Auto
}

Describe 'Durations as GNU timeout reads them' {
    It 'times out at once for a positive timeout too small to represent (1e-10000 typed bare)' {
        $long = Get-LongCommand
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $result = Invoke-HeroTask -FilePath $long[0] -ArgumentList ($long | Select-Object -Skip 1) -Timeout 1e-10000 -GracePeriod 1 -Quiet -ErrorAction SilentlyContinue
        $clock.Stop()
        $result.Status | Should -Be 'TimedOut'
        $result.ExitCode | Should -Be 124
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 7
    }

    It 'refuses a negative timeout that underflows, naming the parameter' {
        { Invoke-HeroTask -Timeout ' -1e-10000' -FilePath 'true' -Quiet } |
            Should -Throw -ErrorId 'ParameterArgumentTransformationError,*' -ExpectedMessage '*Timeout*negative*'
    }

    It 'runs with timeouts no timer can wait for: <Value>' -TestCases @(
        @{ Value = 4294967296 }
        @{ Value = '9223372036854775808d' }
        @{ Value = '1e308' }
        @{ Value = '2.34e+5s' }
        @{ Value = [TimeSpan]::MaxValue }
    ) {
        $program = if ($IsWindows) { 'whoami' } else { 'true' }
        $result = Invoke-HeroTask -FilePath $program -Timeout $Value -AttemptTimeout $Value -StallTimeout $Value -Quiet -ErrorAction Stop
        $result.Status | Should -Be 'Succeeded'
        $result.ExitCode | Should -Be 0
    }

    It 'hands the longest finite wait to every timer without an error' {
        $program = if ($IsWindows) { 'whoami' } else { 'true' }
        $longest = '4294967294ms'
        $result = Invoke-HeroTask -FilePath $program -Timeout $longest -AttemptTimeout $longest -StallTimeout $longest `
            -HeartbeatInterval $longest -GracePeriod $longest -Quiet -ErrorAction Stop
        $result.ExitCode | Should -Be 0
        Invoke-HeroRetry { 'ok' } -AttemptTimeout $longest -RetryDelay $longest -CircuitName conformance -CircuitBreakDuration $longest |
            Should -Be 'ok'
    }

    It 'reads 2d typed bare as two days, not as the decimal 2' {
        (New-HeroTask -FilePath 'true' -Timeout 2d).Timeout | Should -Be ([TimeSpan]::FromDays(2))
        (New-HeroTask -FilePath 'true' -Timeout 1e-10000).Timeout | Should -Be ([TimeSpan]::FromTicks(1))
    }

    It 'refuses a finite-only wait past the timer limit with a message about the range' {
        { Invoke-HeroTask -GracePeriod 100d -FilePath 'true' -Quiet } |
            Should -Throw -ErrorId 'ParameterArgumentTransformationError,*' -ExpectedMessage '*GracePeriod*longest wait*'
        { @{ Name = 'x'; FilePath = 'true'; RetryDelay = '4294967296' } | Invoke-HeroTask -Quiet -ErrorAction Stop } |
            Should -Throw -ExpectedMessage '*RetryDelay*longest wait*'
    }

    It 'keeps -Since of Get-HeroLog exact past the timer limit' {
        $log = Join-Path $TestDrive 'since.clef'
        Set-Content -LiteralPath $log -Value @(
            '{"@t":"2000-01-01T00:00:00Z","@mt":"very old"}'
            ('{"@t":"' + [DateTime]::UtcNow.AddDays(-60).ToString('o') + '","@mt":"two months old"}')
        )
        @(Get-HeroLog -Path $log -Since 100d).MessageTemplate | Should -Be @('two months old')
        @(Get-HeroLog -Path $log -Since Infinite).Count | Should -Be 2
    }
}

Describe 'Signals the child inherits' -Skip:(-not $OnUnix) {
    It 'keeps what the caller ignores ignored (nohup, trap) and resets only SIGPIPE, which .NET ignores for itself' {
        $script = Join-Path $TestDrive 'signals.ps1'
        Set-Content -LiteralPath $script -Value @"
Import-Module '$ModuleManifest'
`$r = Invoke-HeroTask -Command 'kill -HUP `$`$; kill -INT `$`$; kill -USR2 `$`$; echo survived; kill -PIPE `$`$; echo not-reached' -Shell -Quiet -ErrorAction SilentlyContinue
"`$(`$r.ExitCode) `$(`$r.StdOut.Trim())"
"@
        $pwsh = Get-TestPwsh
        $out = & sh -c 'trap "" HUP INT USR2 PIPE; exec "$@"' sh @pwsh -NoProfile -NonInteractive -File $script
        $out | Should -Be '141 survived'
    }

    It 'gives the child default signals when the caller ignores none' {
        $result = Invoke-HeroTask -Command 'kill -HUP $$; echo not-reached' -Shell -Quiet -ErrorAction SilentlyContinue
        $result.ExitCode | Should -Be 129
    }
}

Describe 'A directory as the program' {
    It 'is 126 (not executable) for <Name>, as env gives' -TestCases @(
        @{ Name = '.' }
        @{ Name = '..' }
        @{ Name = 'TestDrive' }
    ) {
        $program = if ($Name -eq 'TestDrive') { $TestDrive } else { $Name }
        $result = Invoke-HeroTask -FilePath $program -Quiet -ErrorAction SilentlyContinue
        $result.Status | Should -Be 'StartFailed'
        $result.ExitCode | Should -Be 126
        if (-not $IsWindows) {
            env $program 2>$null
            $LASTEXITCODE | Should -Be 126
        }
    }
}

Describe 'W3C traceparent' {
    BeforeAll {
        $script:Probe = @'
$probe = @(if ($IsWindows) { 'cmd', '/c', 'set' } else { 'env' })
$r = Invoke-HeroTask -FilePath $probe[0] -ArgumentList @($probe | Select-Object -Skip 1) -Quiet
$vars = @{}
foreach ($line in $r.StdOut -split "`r?`n") { if ($line -match '^(TRACEPARENT|TRACESTATE)=(.*)$') { $vars[$Matches[1]] = $Matches[2] } }
[pscustomobject]@{ Session = (Get-HeroLogging).TraceId; TraceParent = $vars['TRACEPARENT']; TraceState = $vars['TRACESTATE'] } | ConvertTo-Json -Compress
'@
        $script:Trace = '4bf92f3577b34da6a3ce929d0e0e4736'
    }

    It 'adopts <Case> with its TRACESTATE' -TestCases @(
        @{ Case = 'version 00'; Header = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' }
        @{ Case = 'a later version with more fields'; Header = 'cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-the-future-will-be-like' }
    ) {
        $seen = Invoke-FreshSession -Body $Probe -Environment @{ TRACEPARENT = $Header; TRACESTATE = 'congo=t61rcWkgMzE'; HERO_CORRELATION_ID = $null }
        $seen.Session | Should -Be $Trace
        $seen.TraceParent | Should -BeLike "00-$Trace-*-01"
        $seen.TraceState | Should -Be 'congo=t61rcWkgMzE'
    }

    It 'does not adopt <Case>, and drops TRACESTATE' -TestCases @(
        @{ Case = 'version ff'; Header = 'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' }
        # All-zero ids and the other invalid forms are covered in xunit (TraceContextTests): a
        # fresh session per case costs seconds.
        @{ Case = 'upper-case hex'; Header = '00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01' }
    ) {
        $seen = Invoke-FreshSession -Body $Probe -Environment @{ TRACEPARENT = $Header; TRACESTATE = 'congo=t61rcWkgMzE'; HERO_CORRELATION_ID = $null }
        $seen.Session | Should -Not -Be $Trace
        $seen.TraceParent | Should -BeLike "00-$($seen.Session)-*-01"
        $seen.TraceState | Should -BeNullOrEmpty
    }
}

Describe 'JUnit XML against the Jenkins xUnit JUnit 10 schema' {
    It 'validates, with a colour escape in a task name and control characters in its output' {
        $junit = Join-Path $TestDrive 'junit.xml'
        $failing = if ($IsWindows) { 'echo x & exit /b 3' } else { "printf 'a\033[1mb\007c\001'; exit 3" }
        $null = @(
            @{ Name = "`e[31mred`e[0m"; Command = $failing; Shell = $true }
            @{ Name = "skipped`a"; FilePath = 'true'; DependsOn = "`e[31mred`e[0m" }
        ) | Invoke-HeroTask -JUnitPath $junit -Name "suite`e[1m" -CI None -Quiet -ErrorAction SilentlyContinue
        Test-JUnitSchema -Path $junit | Should -BeNullOrEmpty
        [xml]$xml = Get-Content -LiteralPath $junit -Raw
        $xml.testsuites.HasAttribute('skipped') | Should -BeFalse
        $xml.testsuites.testsuite.skipped | Should -Be '1'
        $xml.testsuites.testsuite.failures | Should -Be '1'
        $xml.testsuites.testsuite.testcase[0].name | Should -Be "$([char]0xFFFD)[31mred$([char]0xFFFD)[0m"
    }
}

Describe 'CLEF messages as Serilog renders them' {
    It 'quotes strings, writes structures as { X: 1 } and takes :l as no quotes' {
        $log = Join-Path $TestDrive 'render.clef'
        Set-HeroLogging -Path $log
        try {
            Write-HeroLog 'Hello, {Name}!' -Properties @{ Name = 'ann' }
            Write-HeroLog 'Hello, {Name:l}!' -Properties @{ Name = 'ann' }
            Write-HeroLog 'At {@Point}' -Properties @{ Point = [pscustomobject]@{ X = 1 } }
        }
        finally { Set-HeroLogging -DisableFile }
        Get-Content -LiteralPath $log -Raw | Should -Not -Match '"@m"'
        (Get-HeroLog -Path $log).Message | Should -Be @('Hello, "ann"!', 'Hello, ann!', 'At { X: 1 }')
    }
}

Describe 'Azure Pipelines logging commands' {
    It 'escapes ; ] CR and LF as the task library does, so the agent reads the message back whole' {
        $saved = @{ TF_BUILD = $env:TF_BUILD; AGENT_TEMPDIRECTORY = $env:AGENT_TEMPDIRECTORY; GITHUB_ACTIONS = $env:GITHUB_ACTIONS }
        $env:TF_BUILD = 'True'; $env:AGENT_TEMPDIRECTORY = $TestDrive; $env:GITHUB_ACTIONS = $null
        try {
            $program = if ($IsWindows) { 'no-such-program-x' } else { 'false' }
            $records = @{ Name = "a;b]`r`nc"; FilePath = $program } | Invoke-HeroTask -ErrorAction SilentlyContinue 6>&1
        }
        finally { foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) } }
        $lines = @($records | Where-Object { $_ -is [System.Management.Automation.InformationRecord] } | ForEach-Object { "$($_.MessageData)" })
        $issue = @($lines | Where-Object { $_ -like '##vso`[task.logissue*' })
        $issue.Count | Should -Be 1
        $issue[0] | Should -BeLike '##vso`[task.logissue type=error;`]a%3Bb%5D%0D%0Ac: *'
        $data = $issue[0].Substring($issue[0].IndexOf(']') + 1)
        $data.Replace('%3B', ';').Replace('%0D', "`r").Replace('%0A', "`n").Replace('%5D', ']') | Should -BeLike "a;b]`r`nc: *"
    }
}
