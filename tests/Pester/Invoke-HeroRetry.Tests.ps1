#Requires -Modules Pester
# Invoke-HeroRetry: PowerShell code retried with backoff, per-attempt timeouts, and a circuit
# breaker in the session or shared between processes through a state file.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
}

Describe 'Invoke-HeroRetry' {
    BeforeEach {
        $script:runs = 0
    }

    It 'returns the output of the attempt that succeeded' {
        $output = Invoke-HeroRetry { $script:runs++; if ($script:runs -lt 3) { throw "not yet $script:runs" }; "done after $script:runs" } -RetryDelay 0.05
        $output | Should -Be 'done after 3'
    }

    It 'sees the variables of the calling scope' {
        function Test-Caller { $local = 'from caller'; Invoke-HeroRetry { "saw: $local" } }
        Test-Caller | Should -Be 'saw: from caller'
    }

    It 'counts an error record written by the block as a failed attempt' {
        $output = Invoke-HeroRetry { $script:runs++; if ($script:runs -lt 2) { Write-Error 'soft failure' }; 'ok' } -RetryDelay 0.05 -ErrorAction Stop
        $output | Should -Be 'ok'
        $script:runs | Should -Be 2
    }

    It 'raises HeroRetryExhausted with attempts, elapsed time and the last error' {
        $caught = $null
        try {
            Invoke-HeroRetry { $script:runs++; throw "failure $script:runs" } -RetryCount 2 -RetryDelay 0.05
        }
        catch {
            $caught = $_
        }
        $caught.FullyQualifiedErrorId | Should -BeLike 'HeroRetryExhausted,*'
        $caught.Exception.Attempts | Should -Be 3
        $caught.Exception.Elapsed | Should -BeOfType [timespan]
        $caught.Exception.LastError | Should -BeOfType [System.Management.Automation.ErrorRecord]
        $caught.Exception.LastError.Exception.Message | Should -Be 'failure 3'
    }

    It 'runs once when -RetryIf says no, and passes the error record as $_' {
        { Invoke-HeroRetry { $script:runs++; throw 'permanent' } -RetryCount 5 -RetryIf { $script:seenError = $_; $false } } |
            Should -Throw -ErrorId 'HeroRetryExhausted*'
        $script:runs | Should -Be 1
        $script:seenError | Should -BeOfType [System.Management.Automation.ErrorRecord]
    }

    It 'stops an attempt at -AttemptTimeout' {
        $clock = [Diagnostics.Stopwatch]::StartNew()
        { Invoke-HeroRetry { Start-Sleep -Seconds 30 } -RetryCount 1 -RetryDelay 0.05 -AttemptTimeout 0.5 } |
            Should -Throw -ErrorId 'HeroRetryExhausted*'
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 4
    }

    It 'opens a circuit after the threshold, fails fast without running the block, then lets one probe through' {
        $name = "circuit-$([guid]::NewGuid())"
        foreach ($i in 1..3) {
            { Invoke-HeroRetry { $script:runs++; throw 'down' } -RetryCount 0 -CircuitName $name -CircuitFailureThreshold 3 -CircuitBreakDuration 1 } |
                Should -Throw -ErrorId 'HeroRetryExhausted*'
        }
        (Get-HeroCircuit -Name $name).State | Should -Be 'Open'

        { Invoke-HeroRetry { $script:runs++ } -RetryCount 0 -CircuitName $name -CircuitFailureThreshold 3 -CircuitBreakDuration 1 } |
            Should -Throw -ErrorId 'HeroCircuitOpen*'
        $script:runs | Should -Be 3

        Start-Sleep -Milliseconds 1100
        Invoke-HeroRetry { $script:runs++; 'probe' } -RetryCount 0 -CircuitName $name -CircuitFailureThreshold 3 -CircuitBreakDuration 1 |
            Should -Be 'probe'
        $script:runs | Should -Be 4
        (Get-HeroCircuit -Name $name).State | Should -Be 'Closed'
    }

    It 'shares an open circuit with a second pwsh process through -CircuitStatePath' {
        $statePath = Join-Path $TestDrive 'circuits.json'
        foreach ($i in 1..2) {
            { Invoke-HeroRetry { throw 'down' } -RetryCount 0 -CircuitName shared -CircuitFailureThreshold 2 -CircuitBreakDuration 60 -CircuitStatePath $statePath } |
                Should -Throw
        }
        $script = Join-Path $TestDrive 'second.ps1'
        Set-Content -LiteralPath $script -Value @'
param($Module, $StatePath)
Import-Module $Module
try {
    Invoke-HeroRetry { 'ran' } -CircuitName shared -CircuitStatePath $StatePath
}
catch {
    $_.FullyQualifiedErrorId.Split(',')[0]
}
(Get-HeroCircuit -CircuitStatePath $StatePath -Name shared).State
'@
        $result = Invoke-ChildPwsh -ScriptPath $script -Arguments $ModuleManifest, $statePath -Timeout 60
        $lines = $result.StdOut.Trim() -split "`r?`n"
        $lines | Should -Be @('HeroCircuitOpen', 'Open')
    }
}
