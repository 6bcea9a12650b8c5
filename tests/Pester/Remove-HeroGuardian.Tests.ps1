#Requires -Modules Pester
# Remove-HeroGuardian (issue 16): a running guardian is refused; a stopped one's folder is deleted.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    . (Join-Path $PSScriptRoot 'GuardianFixtures.ps1')
    $script:Root = Initialize-TestGuardianRoot (Join-Path $TestDrive 'guardians')
    $null = Start-HeroGuardian -Name doomed -KeepAlive -GracePeriod 1 -- $Kit sleep 300
}

AfterAll {
    Remove-TestGuardians -Root $Root
    Remove-Item Env:HERO_GUARDIAN_HOME -ErrorAction SilentlyContinue
}

Describe 'Remove-HeroGuardian' {
    It 'refuses a running guardian and leaves it running' {
        $err = $null
        Remove-HeroGuardian -Name doomed -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HeroGuardianRunning*'
        $err[0].Exception.Message | Should -Match 'stop it first'
        (Get-HeroGuardian doomed).State | Should -Be 'Running'
    }

    It 'removes nothing with -WhatIf' {
        Stop-HeroGuardian -Name doomed
        Remove-HeroGuardian -Name doomed -WhatIf
        Test-Path (Join-Path $Root 'doomed') | Should -BeTrue
    }

    It 'deletes a stopped guardian''s folder' {
        Remove-HeroGuardian -Name doomed -Confirm:$false
        Test-Path (Join-Path $Root 'doomed') | Should -BeFalse
        $err = $null
        $null = Get-HeroGuardian -Name doomed -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'HeroGuardianNotFound*'
    }
}
