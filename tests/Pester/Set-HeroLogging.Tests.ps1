#Requires -Modules Pester
# Set-HeroLogging: the log file (rolling, retention, unwritable paths), the console mode and the
# validation of its parameters.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
}

AfterAll {
    Set-HeroLogging -DisableFile -MinimumLevel Information -Console Auto
}

Describe 'Rolling files' {
    It 'rolls at -MaxFileSize and keeps at most -RetainedFileCount files' {
        $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'rolling') -Force
        $log = Join-Path $folder.FullName 'roll.clef'
        Set-HeroLogging -Path $log -MaxFileSize 1MB -RetainedFileCount 3
        $padding = 'p' * 1000
        1..10000 | ForEach-Object { "event {N} $padding" } | Write-HeroLog
        Set-HeroLogging -DisableFile
        $files = @(Get-ChildItem -LiteralPath $folder.FullName -Filter 'roll*.clef')
        $files.Count | Should -BeLessOrEqual 3
        $files.Count | Should -BeGreaterThan 1
        foreach ($file in $files) { $file.Length | Should -BeLessOrEqual (1MB + 4KB) }
        @(Get-HeroLog -Path $log).Count | Should -BeGreaterThan 1000
    }
}

Describe 'Console mode' {
    BeforeEach {
        Set-HeroLogging -DisableFile -Console Auto
    }

    It 'shows information in the host with -Console On' {
        Set-HeroLogging -Console On
        $shown = Write-HeroLog 'now you see me' 6>&1
        "$shown" | Should -Be 'now you see me'
    }
}

Describe 'Logging problems' {
    It 'warns once about a log path in a read-only folder and still runs tasks' {
        $folder = Get-UnwritableFolder -Parent $TestDrive
        Set-HeroLogging -Path (Join-Path $folder 'hero.clef') -WarningVariable warnings 3>$null
        $warnings.Count | Should -Be 1
        $warnings[0].Message | Should -Match 'cannot write the log file'
        (Invoke-HeroTask -Quiet -- $Kit exit 0).Status | Should -Be 'Succeeded'
        (Get-HeroLogging).FileError | Should -Not -BeNullOrEmpty
    }

    It 'rejects -MinimumLevel Loud as a binding error' {
        { Set-HeroLogging -MinimumLevel Loud } | Should -Throw -ErrorId 'CannotConvertArgumentNoMessage*'
    }

    It 'rejects a -Path that is a directory, naming -Path' {
        { Set-HeroLogging -Path $TestDrive } | Should -Throw -ExpectedMessage '*-Path*'
    }
}
