#Requires -Modules Pester
# Get-HeroLog: reading CLEF files back, filtering, and bad lines.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
}

AfterAll {
    Set-HeroLogging -DisableFile -MinimumLevel Information -Console Auto
}

Describe 'Get-HeroLog filters' {
    BeforeAll {
        $script:Log = Join-Path $TestDrive 'task.clef'
        $task = Invoke-LoggedFlakyTask -Log $Log -Marker (Join-Path $TestDrive 'first-attempt-done')
        $script:Correlation = $task.Correlation
        $script:Result = $task.Result
        $script:Lines = $task.Lines
    }

    It 'reads the events back with Get-HeroLog and filters by correlation id, level and task' {
        $all = @(Get-HeroLog -Path $Log)
        $all.Count | Should -Be $Lines.Count
        $all[0] | Should -BeOfType ([Hero.Logging.HeroLogEvent])

        $byCorrelation = @(Get-HeroLog -Path $Log -CorrelationId $Correlation)
        $byCorrelation.Task | Sort-Object -Unique | Should -Be 'flaky-deploy'

        $warnings = @(Get-HeroLog -Path $Log -Level Warning)
        $warnings.Level | ForEach-Object { $_ | Should -BeIn 'Warning', 'Error' }
        $warnings.Count | Should -BeGreaterOrEqual 2

        @(Get-HeroLog -Path $Log -Task 'other-*').Task | Sort-Object -Unique | Should -Be 'other-task'
        @(Get-HeroLog -Path $Log -Since '1h').Count | Should -Be $all.Count
        @(Get-HeroLog -Path $Log -Since ([datetime]::UtcNow.AddMinutes(5))).Count | Should -Be 0
    }
}

Describe 'Get-HeroLog bad input' {
    It 'reports a malformed line with its line number, skips it and reads the rest' {
        $log = Join-Path $TestDrive 'broken.clef'
        Set-Content -LiteralPath $log -Value @(
            '{"@t":"2026-01-01T00:00:00Z","@mt":"first"}'
            'this is not json'
            '{"@t":"2026-01-01T00:00:01Z","@mt":"third {N}","N":3}'
        )
        $events = @(Get-HeroLog -Path $log -ErrorVariable problems -ErrorAction SilentlyContinue)
        $events.Message | Should -Be @('first', 'third 3')
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'HeroLogInvalidLine,*'
        $problems[0].Exception.Message | Should -Match 'broken\.clef:2'
    }
}
