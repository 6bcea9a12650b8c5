# The offline help of the built module, as a user sees it through Get-Help. The build already refuses
# pages that miss a parameter; this checks the other end: that the MAML it wrote is found and read,
# so a help file that lands in the wrong place or under the wrong name cannot go unnoticed.
BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $common = [System.Management.Automation.Cmdlet]::CommonParameters
    $cmdlets = foreach ($command in (Get-Module Hero).ExportedCmdlets.Values | Sort-Object Name) {
        @{
            Name       = $command.Name
            Parameters = @($command.Parameters.Values | Where-Object {
                    $_.Name -notin $common -and -not ($_.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and $_.DontShow })
                } | ForEach-Object Name | Sort-Object)
        }
    }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')

    # Help text is a list of objects with a Text property (paragraphs); this is what a reader sees.
    function Get-HelpText($Value) {
        (@($Value) | ForEach-Object { if ($_ -is [string]) { $_ } else { $_.Text } }) -join "`n"
    }
}

Describe 'Help for <Name>' -ForEach $cmdlets {
    BeforeAll {
        $help = Get-Help -Name $Name -Full
    }

    It 'has a synopsis of its own' {
        $synopsis = (Get-HelpText $help.Synopsis).Trim()
        $synopsis | Should -Not -BeNullOrEmpty
        # Without a help file Get-Help makes the synopsis from the syntax: "Name [-Param] <type> ...".
        $synopsis | Should -Not -Match "^$([regex]::Escape($Name))(\s|$)"
    }

    It 'has a description' {
        (Get-HelpText $help.description).Trim() | Should -Not -BeNullOrEmpty
    }

    It 'describes -<_>' -ForEach $Parameters {
        $parameter = @($help.parameters.parameter | Where-Object name -EQ $_)
        $parameter | Should -HaveCount 1 -Because "Get-Help should list -$_ once"
        (Get-HelpText $parameter[0].description).Trim() | Should -Not -BeNullOrEmpty
    }

    It 'has at least one example with code' {
        $examples = @($help.examples.example | Where-Object { $_ })
        $examples.Count | Should -BeGreaterThan 0
        foreach ($example in $examples) {
            "$($example.code)".Trim() | Should -Not -BeNullOrEmpty -Because "$($example.title) needs code"
        }
    }
}

Describe 'about_Hero' {
    It 'is found by Get-Help' {
        $text = Get-Help -Name about_Hero | Out-String
        $text | Should -Match 'about_Hero'
        $text | Should -Match 'SHORT DESCRIPTION'
        $text | Should -Match 'LONG DESCRIPTION'
    }
}
