#Requires -Modules Pester
# What runs is what was typed: a Hero or common parameter bound from a token after the program (with
# no '--' before it) stops the call before anything starts, and the message teaches the fix.

BeforeDiscovery {
    $script:OnUnix = -not $IsWindows
    $script:Trapped = @(
        @{ Line = 'Invoke-HeroTask grep -v alpha ./f.txt'; Token = '-v'; Parameter = '-Verbose'; Fix = 'Invoke-HeroTask -- grep -v alpha ./f.txt' }
        @{ Line = 'Invoke-HeroTask date -d tomorrow'; Token = '-d'; Parameter = '-Debug'; Fix = 'Invoke-HeroTask -- date -d tomorrow' }
        @{ Line = 'Invoke-HeroTask mkdir -p a/b'; Token = '-p'; Parameter = '-PowerShellHost'; Fix = 'Invoke-HeroTask -- mkdir -p a/b' }
        @{ Line = 'Invoke-HeroTask ls -a'; Token = '-a'; Parameter = '-ArgumentList, -AttemptTimeout'; Fix = 'Invoke-HeroTask -- ls -a' }
        @{ Line = 'Invoke-HeroTask git log -n 2'; Token = '-n'; Parameter = '-Name, -NoJitter'; Fix = 'Invoke-HeroTask -- git log -n 2' }
        @{ Line = 'Invoke-HeroTask rm -WhatIf ./x'; Token = '-WhatIf'; Parameter = '-WhatIf'; Fix = 'Invoke-HeroTask -- rm -WhatIf ./x' }
        @{ Line = 'Invoke-HeroTask -Timeout 5m grep -v alpha ./f.txt'; Token = '-v'; Parameter = '-Verbose'; Fix = 'Invoke-HeroTask -Timeout 5m -- grep -v alpha ./f.txt' }
        @{ Line = 'Invoke-HeroTask -FilePath grep -v alpha'; Token = '-v'; Parameter = '-Verbose'; Fix = 'Invoke-HeroTask -- grep -v alpha' }
        @{ Line = 'New-HeroTask grep -v alpha'; Token = '-v'; Parameter = '-Verbose'; Fix = 'New-HeroTask -- grep -v alpha' }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
}

Describe 'The positional form' {
    BeforeEach {
        Push-Location $TestDrive
    }

    AfterEach {
        Pop-Location
    }

    It 'refuses <Line> before anything starts, naming <Token> and the fix' -ForEach $Trapped {
        $caught = $null
        try { & ([scriptblock]::Create($Line)) } catch { $caught = $_ }

        $caught | Should -Not -BeNullOrEmpty
        $caught.FullyQualifiedErrorId | Should -BeLike 'HeroParameterAfterProgram,*'
        $caught.Exception.Message | Should -BeLike "*'$Token' after the program name*$Parameter*"
        $caught.Exception.Message | Should -BeLike "*'--' before the program: $Fix"
        Test-Path a | Should -BeFalse
    }

    It 'runs exactly what was written once -- comes before the program' -Skip:(-not $OnUnix) {
        Set-Content -LiteralPath f.txt -Value 'alpha', 'beta', 'alphabet', 'gamma'
        $result = Invoke-HeroTask -Quiet -- grep -v alpha ./f.txt
        $result.Status | Should -Be 'Succeeded'
        $result.StdOut.Trim() -split "`n" | Should -Be @('beta', 'gamma')

        $made = Invoke-HeroTask -Quiet -- mkdir -p a/b
        $made.Status | Should -Be 'Succeeded'
        Test-Path -LiteralPath (Join-Path $TestDrive 'a' 'b') -PathType Container | Should -BeTrue
    }

    It 'leaves arguments after -- alone wherever -- stands, and -ArgumentList too' -Skip:(-not $OnUnix) {
        (Invoke-HeroTask -Quiet printf -- '%s|' -n 2 -v).StdOut | Should -Be '-n|2|-v|'
        (Invoke-HeroTask -FilePath printf -ArgumentList '%s|', '-n', '2' -Quiet).StdOut | Should -Be '-n|2|'
    }

    It 'warns of a token given to the program that looks like a misspelt Hero parameter' -Skip:(-not $OnUnix) {
        $warnings = $null
        $result = Invoke-HeroTask -Quiet -WarningVariable warnings -WarningAction SilentlyContinue echo hi -Timout 1
        $result.StdOut.Trim() | Should -Be 'hi -Timout 1'
        @($warnings).Count | Should -Be 1
        $warnings[0].Message | Should -BeLike "'-Timout' was given to the program*-Timeout*"

        $quiet = $null
        $null = Invoke-HeroTask -Quiet -WarningVariable quiet -- echo -Timout 1
        $quiet.Count | Should -Be 0
    }

    It 'adds the -- fix to a value the binder could not convert, which may have been meant for the program' {
        $caught = $null
        try { Invoke-HeroTask du -h f } catch { $caught = $_ }
        $caught.FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentTransformationError*'
        $caught.Exception.Message | Should -BeLike "*HeartbeatInterval*'f' was meant for the program*'--' before the program*"
    }

    It 'explains an ambiguous abbreviation written before the program' {
        { Invoke-HeroTask -n build -- true } | Should -Throw -ErrorId 'HeroParameterAfterProgram*' -ExpectedMessage "*'-n' is ambiguous*-Name, -NoJitter*"
    }

    It 'names -ScriptBlock when a script block stands where the program belongs' {
        $caught = $null
        try { Invoke-HeroTask { Get-Date } } catch { $caught = $_ }
        $caught.FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentTransformationError*'
        $caught.Exception.Message | Should -Match '-ScriptBlock'
    }

    It 'says to pipe a task definition that stands where the program belongs' {
        $caught = $null
        try { Invoke-HeroTask @{ FilePath = 'hero-never-run' } } catch { $caught = $_ }
        $caught.FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentTransformationError*'
        $caught.Exception.Message | Should -Match '\| Invoke-HeroTask'
    }

    It 'takes a splatted call as bound: its text cannot tell where the program was' -Skip:(-not $OnUnix) {
        $arguments = @{ FilePath = 'echo'; ArgumentList = @('-v'); Quiet = $true }
        (Invoke-HeroTask @arguments).StdOut.Trim() | Should -Be '-v'
    }
}

Describe '-WhatIf and -Confirm' {
    It 'says what would run, secrets masked, and runs nothing' {
        # "What if:" lines go to the host itself: read them from a child pwsh's output.
        $file = Join-Path $TestDrive 'made-by-whatif'
        $script = Join-Path $TestDrive 'whatif.ps1'
        Set-Content -LiteralPath $script -Value @"
Import-Module '$ModuleManifest'
`$global:LASTEXITCODE = 7
`$result = Invoke-HeroTask -WhatIf -- pwsh -NoProfile -Command "New-Item -ItemType File '$file'" --password hunter2
"result: `$(`$null -eq `$result) exit: `$LASTEXITCODE"
"@
        $child = Invoke-ChildPwsh -ScriptPath $script

        $child.StdOut | Should -Match 'What if: Performing the operation "Run" on target "pwsh -NoProfile -Command'
        $child.StdOut | Should -Match '--password \*\*\*'
        $child.StdOut | Should -Not -Match 'hunter2'
        $child.StdOut | Should -Match 'result: True exit: 7'
        Test-Path -LiteralPath $file | Should -BeFalse
    }

    It 'asks per task in a batch; a declined task and its dependents do not run' {
        $pwsh = Get-TestPwsh
        $tasks = @(
            @{ Name = 'first'; FilePath = $pwsh[0]; ArgumentList = @($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-Command', 'exit 0') }
            @{ Name = 'second'; FilePath = $pwsh[0]; ArgumentList = @($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-Command', 'exit 0'); DependsOn = 'first' }
        )
        $results = $tasks | Invoke-HeroTask -WhatIf
        $results | Should -BeNullOrEmpty
    }
}

Describe 'The hidden switch that catches ambiguous abbreviations' {
    It 'lists exactly the ambiguous prefixes of <_>' -ForEach 'Invoke-HeroTask', 'New-HeroTask', 'Measure-HeroTask', 'Start-HeroGuardian' {
        $command = Get-Command $_
        $hidden = $command.Parameters['__AmbiguousPrefix']
        # The binder prefers a cmdlet's own parameters to the common ones; -WhatIf and -Confirm count as its own.
        $common = [System.Management.Automation.Cmdlet]::CommonParameters
        $parameters = @($command.Parameters.Values | Where-Object Name -ne '__AmbiguousPrefix')
        $words = @($parameters | ForEach-Object { $_.Name; $_.Aliases }) | Sort-Object -Unique

        function Get-Matches([string] $prefix) {
            $matched = @($parameters | Where-Object { $_.Name -like "$prefix*" -or ($_.Aliases -like "$prefix*") } | ForEach-Object Name)
            $own = @($matched | Where-Object { $_ -notin $common })
            @(if ($own.Count) { $own } else { $matched })
        }

        # Every listed prefix is one the binder would find ambiguous: two or more of the cmdlet's own
        # parameters (or, failing those, common ones) start with it, and none is named by it. An alias
        # is matched by its own prefixes too, so each shorter prefix must be listed or a name as well.
        foreach ($prefix in $hidden.Aliases) {
            $words | Should -Not -Contain $prefix
            @(Get-Matches $prefix).Count | Should -BeGreaterThan 1 -Because "'-$prefix' is listed as ambiguous"
            foreach ($shorter in @(if ($prefix.Length -gt 1) { 1..($prefix.Length - 1) }) | ForEach-Object { $prefix.Substring(0, $_) }) {
                ($shorter -in $hidden.Aliases -or $shorter -in $words) | Should -BeTrue -Because "'-$shorter' would become ambiguous through '-$prefix'"
            }
        }

        # And no other prefix is ambiguous to the binder, except one that cannot be listed because a
        # shorter prefix of it names one parameter (New-HeroTask's '-war': '-w' is -WorkingDirectory).
        $prefixes = $words | ForEach-Object { $w = $_; 1..$w.Length | ForEach-Object { $w.Substring(0, $_) } } | Sort-Object -Unique
        foreach ($prefix in $prefixes | Where-Object { $_ -notin $hidden.Aliases }) {
            $id = try { & ([scriptblock]::Create("$($command.Name) -$prefix -FilePath x -ScriptBlock { } -ErrorAction Stop")) 2>$null } catch { $_.FullyQualifiedErrorId }
            if ($id -like 'AmbiguousParameter,*') {
                $unlistable = @(if ($prefix.Length -gt 1) { 1..($prefix.Length - 1) }) | Where-Object { @(Get-Matches $prefix.Substring(0, $_)).Count -eq 1 }
                $unlistable | Should -Not -BeNullOrEmpty -Because "'-$prefix' is ambiguous and missing from the list"
            }
        }
    }
}
