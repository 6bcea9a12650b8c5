#Requires -Version 7.4
<#
.SYNOPSIS
Builds Hero's offline help: docs/help/*.md (platyPS schema 2.0.0) -> MAML and about_*.help.txt.

.DESCRIPTION
The facts (parameter sets, types, Mandatory, Position, pipeline input, aliases, output types) come
from the live cmdlets of the built module, the way platyPS's New-MarkdownHelp reads them; only the
prose (and each parameter's "Default value", which no metadata can know) comes from the markdown.
So the generated help cannot contradict the code, and the checks below make the build fail when
the prose no longer covers the code.

Runs in its own pwsh (see Build-HeroHelp in BuildCommon.ps1) so the build never holds Hero's
assemblies. Exit code 1, with every problem listed, when a page is missing or incomplete.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $DocsPath,
    [Parameter(Mandatory)] [string] $OutputPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$script:Ns = @{
    Msh     = 'http://msh'
    Maml    = 'http://schemas.microsoft.com/maml/2004/10'
    Command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    Dev     = 'http://schemas.microsoft.com/maml/dev/2004/10'
    MSHelp  = 'http://msdn.microsoft.com/mshelp'
}
$script:CommonParameters = [System.Management.Automation.Cmdlet]::CommonParameters
$script:Problems = [System.Collections.Generic.List[string]]::new()
$script:FenceRegex = '^\s*(?<fence>`{3,}|~{3,})'
$script:HeadingRegex = '^(?<hashes>#{1,6})\s+(?<text>.*?)(?:\s+#+)?\s*$'
$script:ListItemRegex = '^(?<indent>\s*)(?<marker>[-*+]|\d+[.)])\s+(?<text>.*)$'

function Add-Problem([string] $Message) { $script:Problems.Add($Message) }

foreach ($part in 'Markdown', 'CommandPage', 'ChecksAndAbout', 'Maml') {
    . ([IO.Path]::Combine($PSScriptRoot, 'HelpBuilder', "$part.ps1"))
}

function Get-ExportedCommands([string] $ModulePath) {
    # A relative path without './' would be taken for a module name.
    $manifest = Join-Path (Resolve-Path -LiteralPath $ModulePath).ProviderPath 'Hero.psd1'
    $module = Import-Module $manifest -PassThru
    # Cmdlets only: their help lives in the assembly's MAML file; a script function would need its own.
    @($module.ExportedCmdlets.Values | Sort-Object Name)
}

function Invoke-HelpBuild {
    $commands = Get-ExportedCommands $ModulePath
    $DocsPath = (Resolve-Path -LiteralPath $DocsPath).ProviderPath
    $pairs = foreach ($command in $commands) {
        $pagePath = Join-Path $DocsPath "$($command.Name).md"
        if (-not (Test-Path -LiteralPath $pagePath)) {
            Add-Problem "$(Resolve-RelativePath $pagePath): missing; $($command.Name) is exported and needs a help page."
            continue
        }
        $page = Read-CommandPage $pagePath
        Test-CommandPage $command $page
        [pscustomobject]@{ Command = $command; Page = $page }
    }

    $known = @($commands.Name)
    foreach ($orphan in (Get-ChildItem -LiteralPath $DocsPath -Filter '*.md' -File | Where-Object { $_.Name -notlike 'about_*' -and $_.BaseName -notin $known })) {
        Write-Warning "$(Resolve-RelativePath $orphan.FullName): no exported cmdlet is named $($orphan.BaseName); the page is not built."
    }

    $abouts = @(Get-ChildItem -LiteralPath $DocsPath -Filter 'about_*.md' -File | Sort-Object Name | ForEach-Object { Read-AboutTopic $_.FullName })

    # Nothing is written unless everything is right: half a help folder would hide the failure.
    if ($script:Problems.Count) {
        foreach ($problem in $script:Problems) { [Console]::Error.WriteLine("Help: $problem") }
        [Console]::Error.WriteLine("Help: $($script:Problems.Count) problem(s); the help was not built.")
        exit 1
    }

    # The file name Get-Help looks for: <cmdlet assembly>.dll-Help.xml, the same for every cmdlet.
    $helpFile = @($commands.HelpFile | Select-Object -Unique)
    if ($helpFile.Count -ne 1) { throw "Expected one help file name for all cmdlets; found: $($helpFile -join ', ')." }
    New-Item -ItemType Directory -Path $OutputPath -Force | Out-Null
    Write-MamlFile (Join-Path $OutputPath $helpFile[0]) @($pairs)
    foreach ($about in $abouts) {
        [IO.File]::WriteAllText((Join-Path $OutputPath $about.FileName), $about.Text, [System.Text.UTF8Encoding]::new($false))
    }
    Write-Host "Help: $(@($pairs).Count) cmdlet page(s), $($abouts.Count) about topic(s) -> $OutputPath"
}

try {
    Invoke-HelpBuild
}
catch {
    [Console]::Error.WriteLine("Help: the help build failed: $($_.Exception.Message) ($($_.InvocationInfo.PositionMessage))")
    exit 1
}
