#Requires -Modules Pester
# One run path: a task given as parameters and the same task piped in as a batch of one give the same
# result, the same error records and the same $LASTEXITCODE.

BeforeDiscovery {
    $sleep = if ($IsWindows) { 'ping -n 6 127.0.0.1 >nul' } else { 'sleep 5' }
    $script:Definitions = @(
        @{ Case = 'a success'; Definition = @{ Name = 'ok'; Command = 'exit 0'; Shell = $true } }
        @{ Case = 'a failure'; Definition = @{ Name = 'fails'; Command = 'exit 3'; Shell = $true } }
        @{ Case = 'a program that does not exist'; Definition = @{ Name = 'missing'; FilePath = 'hero-no-such-program' } }
        @{ Case = 'a timeout'; Definition = @{ Name = 'slow'; Command = $sleep; Shell = $true; Timeout = 1; GracePeriod = 0.5 } }
        @{ Case = 'retries that run out'; Definition = @{ Name = 'retried'; Command = 'exit 75'; Shell = $true; RetryCount = 2; RetryDelay = '10ms'; RetryOnExitCode = 75 } }
        @{ Case = 'a -RetryIf that throws'; Definition = @{ Name = 'judge'; Command = 'exit 1'; Shell = $true; RetryCount = 1; RetryDelay = '10ms'; RetryIf = { throw 'judge broke' } } }
        @{ Case = 'a script block that throws'; Definition = @{ Name = 'throws'; ScriptBlock = { throw 'boom' } } }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')

    # What a call said: its results, its error records (id and message) and $LASTEXITCODE. Durations
    # in messages are read off a clock, so digits are not compared.
    function Format-Story {
        param([object[]] $Results, [object[]] $Errors, [int] $ExitCode)
        [pscustomobject]@{
            Results = @($Results | ForEach-Object { '{0}|{1}|{2}|{3}|{4}' -f $_.Name, $_.Status, $_.ExitCode, $_.Attempts, ($_.Message -replace '\d+(\.\d+)?', 'N') })
            Errors = @($Errors | ForEach-Object { '{0}|{1}' -f $_.FullyQualifiedErrorId.Split(',')[0], ($_.Exception.Message -replace '\d+(\.\d+)?', 'N') })
            ExitCode = $ExitCode
        }
    }
}

Describe 'A single task and a batch of one' {
    It 'tell the same story for <Case>' -ForEach $Definitions {
        $global:LASTEXITCODE = -99
        $singleErrors = $null
        $singleResults = @(Invoke-HeroTask @Definition -Quiet -ErrorVariable singleErrors -ErrorAction SilentlyContinue)
        $single = Format-Story $singleResults $singleErrors $global:LASTEXITCODE

        $global:LASTEXITCODE = -99
        $batchErrors = $null
        $batchResults = @($Definition | Invoke-HeroTask -Quiet -ErrorVariable batchErrors -ErrorAction SilentlyContinue)
        $batch = Format-Story $batchResults $batchErrors $global:LASTEXITCODE

        $single.Results.Count | Should -Be 1
        $batch.Results | Should -Be $single.Results
        $batch.Errors | Should -Be $single.Errors
        $batch.ExitCode | Should -Be $single.ExitCode
        $single.ExitCode | Should -Not -Be -99
    }

    It 'report a throwing -RetryIf as HeroRetryIfFailed, with the reason in the result too' {
        $errors = $null
        $result = Invoke-HeroTask -Command 'exit 1' -Shell -RetryCount 1 -RetryDelay 10ms -RetryIf { throw 'judge broke' } -Quiet -ErrorVariable errors -ErrorAction SilentlyContinue
        $result.Message | Should -Match 'judge broke'
        @($errors).Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'HeroRetryIfFailed,*'
        $errors[0].TargetObject | Should -Be $result
    }
}
