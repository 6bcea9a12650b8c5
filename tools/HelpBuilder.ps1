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

#region Markdown reading

# Lines of a file with line endings normalised, so CRLF checkouts parse the same.
function Read-MarkdownLines([string] $Path) {
    $text = [IO.File]::ReadAllText($Path) -replace "`r`n?", "`n"
    , $text.TrimEnd("`n").Split("`n")
}

# Whether a line closes the code fence opened by $Fence: the same character, at least as long.
function Test-FenceEnd([string] $Line, [string] $Fence) {
    $Line -match '^\s*(`{3,}|~{3,})\s*$' -and $Matches[1].StartsWith($Fence)
}

# platyPS front matter: `key: value` lines between two `---` lines.
function Split-FrontMatter([string[]] $Lines) {
    $meta = [ordered]@{}
    if ($Lines.Count -eq 0 -or $Lines[0].Trim() -ne '---') { return @{ Meta = $meta; Body = $Lines } }
    $end = [Array]::FindIndex($Lines, 1, [Predicate[string]] { param($l) $l.Trim() -eq '---' })
    if ($end -lt 0) { return @{ Meta = $meta; Body = $Lines } }
    foreach ($line in ($end -gt 1 ? $Lines[1..($end - 1)] : @())) {
        if ($line -match '^\s*(?<key>[^:]+?)\s*:\s*(?<value>.*?)\s*$') { $meta[$Matches.key] = $Matches.value }
    }
    $body = if ($end + 1 -lt $Lines.Count) { $Lines[($end + 1)..($Lines.Count - 1)] } else { @() }
    @{ Meta = $meta; Body = [string[]]$body }
}

# Splits lines at headings of exactly $Level, ignoring '#' lines inside code fences (a shell
# comment in an example is not a heading). Deeper headings stay in their section's lines.
function Split-MarkdownSections([string[]] $Lines, [int] $Level) {
    $preamble = [System.Collections.Generic.List[string]]::new()
    $sections = [System.Collections.Generic.List[object]]::new()
    $current = $null
    $fence = $null
    foreach ($line in $Lines) {
        if ($fence) {
            if (Test-FenceEnd $line $fence) { $fence = $null }
        }
        elseif ($line -match $script:FenceRegex) {
            $fence = $Matches.fence
        }
        elseif ($line -match $script:HeadingRegex -and $Matches.hashes.Length -eq $Level) {
            $current = [pscustomobject]@{ Title = $Matches.text; Lines = [System.Collections.Generic.List[string]]::new() }
            $sections.Add($current)
            continue
        }
        if ($current) { $current.Lines.Add($line) } else { $preamble.Add($line) }
    }
    [pscustomobject]@{ Preamble = [string[]]$preamble; Sections = $sections.ToArray() }
}

# Markdown lines -> blocks (Paragraph, List, Code, Heading, Table): enough structure to render
# the same text as MAML paragraphs or as an about topic.
function ConvertTo-MarkdownBlocks([string[]] $Lines) {
    $blocks = [System.Collections.Generic.List[object]]::new()
    $i = 0
    while ($i -lt $Lines.Count) {
        $line = $Lines[$i]
        if ($line.Trim() -eq '' -or $line.Trim() -match '^<!--.*-->$') { $i++; continue }

        if ($line -match $script:FenceRegex) {
            $fence = $Matches.fence
            $code = [System.Collections.Generic.List[string]]::new()
            $i++
            while ($i -lt $Lines.Count -and -not (Test-FenceEnd $Lines[$i] $fence)) {
                $code.Add($Lines[$i]); $i++
            }
            $i++
            $blocks.Add([pscustomobject]@{ Kind = 'Code'; Lines = [string[]]$code })
            continue
        }

        if ($line -match $script:HeadingRegex) {
            $blocks.Add([pscustomobject]@{ Kind = 'Heading'; Level = $Matches.hashes.Length; Text = $Matches.text })
            $i++
            continue
        }

        if ($line.TrimStart().StartsWith('|')) {
            $rows = [System.Collections.Generic.List[object]]::new()
            while ($i -lt $Lines.Count -and $Lines[$i].TrimStart().StartsWith('|')) {
                $cells = $Lines[$i].Trim().Trim('|') -split '(?<!\\)\|' | ForEach-Object { $_.Trim() }
                # The |---|:--:| row only tells markdown where the header ends.
                if (@($cells | Where-Object { $_ -notmatch '^:?-+:?$' }).Count) { $rows.Add([string[]]$cells) }
                $i++
            }
            $blocks.Add([pscustomobject]@{ Kind = 'Table'; Rows = $rows.ToArray() })
            continue
        }

        if ($line -match $script:ListItemRegex) {
            $items = [System.Collections.Generic.List[object]]::new()
            while ($i -lt $Lines.Count) {
                $current = $Lines[$i]
                if ($current -match $script:ListItemRegex) {
                    $item = [pscustomobject]@{ Depth = [int][Math]::Floor($Matches.indent.Length / 2); Marker = $Matches.marker; Text = $Matches.text }
                    # Any bullet character reads the same in plain text; numbers stay.
                    if ($item.Marker -notmatch '^\d') { $item.Marker = '-' }
                    $items.Add($item)
                }
                elseif ($current.Trim() -ne '' -and $current -match '^\s+' -and $items.Count -gt 0) {
                    $items[$items.Count - 1].Text += ' ' + $current.Trim()
                }
                elseif ($current.Trim() -eq '' -and $i + 1 -lt $Lines.Count -and $Lines[$i + 1] -match $script:ListItemRegex) {
                    # A blank line between items keeps the list together.
                }
                else { break }
                $i++
            }
            $blocks.Add([pscustomobject]@{ Kind = 'List'; Items = $items.ToArray() })
            continue
        }

        $text = [System.Collections.Generic.List[string]]::new()
        while ($i -lt $Lines.Count) {
            $current = $Lines[$i]
            if ($current.Trim() -eq '' -or $current -match $script:FenceRegex -or $current -match $script:HeadingRegex -or
                $current -match $script:ListItemRegex -or $current.TrimStart().StartsWith('|')) { break }
            $text.Add($current.Trim())
            $i++
        }
        $blocks.Add([pscustomobject]@{ Kind = 'Paragraph'; Text = ($text -join ' ') })
    }
    , $blocks.ToArray()
}

# Inline markdown -> plain text: code spans keep their content verbatim, emphasis and links lose
# their markup, so Get-Help reads like the help of any built-in cmdlet.
function ConvertFrom-MarkdownInline([string] $Text) {
    # Plain prose is the common case; script-block evaluators are slow, so only pay for them when needed.
    if ($Text -notmatch '[`*_\[\]<&\\]') { return $Text }
    $spans = [System.Collections.Generic.List[string]]::new()
    $text = $Text
    if ($text.Contains('`')) {
        $text = [regex]::Replace($text, '(`+)(.+?)\1', {
                param($m)
                $spans.Add($m.Groups[2].Value.Trim())
                "`u{E000}$($spans.Count - 1)`u{E001}"
            })
    }
    if ($text.Contains('](')) {
        $text = [regex]::Replace($text, '!?\[(?<text>[^\]]*)\]\((?<url>[^)\s]*)(?:\s+"[^"]*")?\)', {
                param($m)
                $label = $m.Groups['text'].Value
                $url = $m.Groups['url'].Value
                if ($url -match '^https?://' -and $label -ne $url) { "$label ($url)" } elseif ($label) { $label } else { $url }
            })
    }
    $text = $text -replace '<(https?://[^>\s]+)>', '$1'
    $text = $text -replace '\*\*(?=\S)(.+?)(?<=\S)\*\*', '$1' -replace '(?<!\w)__(?=\S)(.+?)(?<=\S)__(?!\w)', '$1'
    $text = $text -replace '(?<![\w*\\])\*(?=[^\s*])(.+?)(?<=[^\s*\\])\*(?![\w*])', '$1'
    $text = $text -replace '(?<![\w\\])_(?=[^\s_])(.+?)(?<=[^\s_\\])_(?!\w)', '$1'
    $text = $text -replace '\\([\\`*_{}\[\]()#+\-.!<>|])', '$1'
    $text = [System.Net.WebUtility]::HtmlDecode($text)
    if ($spans.Count -eq 0) { return $text }
    [regex]::Replace($text, "`u{E000}(\d+)`u{E001}", { param($m) $spans[[int]$m.Groups[1].Value] })
}

# True when text a reader would see still holds a platyPS placeholder such as {{ Fill X Description }}.
# Code is left out: an example may well contain a Go or Helm template.
function Test-Placeholder([string[]] $Lines) {
    foreach ($block in (ConvertTo-MarkdownBlocks $Lines)) {
        $texts = switch ($block.Kind) {
            'Paragraph' { $block.Text }
            'Heading' { $block.Text }
            'List' { $block.Items.Text }
            'Table' { $block.Rows | ForEach-Object { $_ } }
            default { @() }
        }
        foreach ($text in $texts) {
            if (($text -replace '(`+).+?\1', '') -match '\{\{.*?\}\}') { return $true }
        }
    }
    $false
}

# Blocks -> the paragraphs of a MAML description. Get-Help prints each maml:para as its own
# paragraph and keeps the line breaks inside one, so lists, code and tables stay one para each.
function ConvertTo-MamlParagraphs([string[]] $Lines) {
    $paragraphs = [System.Collections.Generic.List[string]]::new()
    foreach ($block in (ConvertTo-MarkdownBlocks $Lines)) {
        switch ($block.Kind) {
            'Paragraph' { $paragraphs.Add((ConvertFrom-MarkdownInline $block.Text)) }
            'Heading' { $paragraphs.Add((ConvertFrom-MarkdownInline $block.Text).ToUpperInvariant()) }
            'List' {
                $items = foreach ($item in $block.Items) {
                    ('  ' * $item.Depth) + $item.Marker + ' ' + (ConvertFrom-MarkdownInline $item.Text)
                }
                $paragraphs.Add(($items -join "`n"))
            }
            # Not indented: Get-Help trims the start of a para, so only the first line would lose it.
            'Code' { $paragraphs.Add(($block.Lines -join "`n")) }
            'Table' { $paragraphs.Add(((Format-MarkdownTable -Rows $block.Rows -Indent '') -join "`n")) }
        }
    }
    , $paragraphs.ToArray()
}

# A markdown table as aligned plain-text columns.
function Format-MarkdownTable([object[]] $Rows, [string] $Indent) {
    $plain = @($Rows | ForEach-Object { , [string[]]@($_ | ForEach-Object { ConvertFrom-MarkdownInline $_ }) })
    $columns = ($plain | ForEach-Object { $_.Count } | Measure-Object -Maximum).Maximum
    $widths = foreach ($c in 0..($columns - 1)) {
        ($plain | ForEach-Object { if ($c -lt $_.Count) { $_[$c].Length } else { 0 } } | Measure-Object -Maximum).Maximum
    }
    $lines = for ($r = 0; $r -lt $plain.Count; $r++) {
        $cells = for ($c = 0; $c -lt $columns; $c++) { ($c -lt $plain[$r].Count ? $plain[$r][$c] : '').PadRight($widths[$c]) }
        $Indent + ($cells -join '  ').TrimEnd()
        if ($r -eq 0 -and $plain.Count -gt 1) {
            $Indent + (($widths | ForEach-Object { '-' * $_ }) -join '  ')
        }
    }
    , [string[]]$lines
}

# The `key: value` lines of a ```yaml block under a parameter heading.
function ConvertFrom-ParameterYaml([string[]] $Lines) {
    $values = @{}
    foreach ($line in $Lines) {
        if ($line -match '^\s*(?<key>[^:#]+?)\s*:\s*(?<value>.*?)\s*$') { $values[$Matches.key] = $Matches.value }
    }
    $values
}

#endregion

#region Reading a cmdlet page

# Everything the page says, keyed by section; empty where the page is silent.
function Read-CommandPage([string] $Path) {
    $split = Split-FrontMatter (Read-MarkdownLines $Path)
    $top = Split-MarkdownSections $split.Body 1
    $page = [ordered]@{
        Path = $Path; Meta = $split.Meta; Title = $null; Synopsis = @(); Description = @(); Examples = @()
        Parameters = [ordered]@{}; Inputs = @(); Outputs = @(); Notes = @(); Links = @(); ProseLines = @()
    }
    if ($top.Sections.Count -eq 0) { return [pscustomobject]$page }
    $page.Title = $top.Sections[0].Title
    $sections = (Split-MarkdownSections ([string[]]$top.Sections[0].Lines) 2).Sections
    foreach ($section in $sections) {
        $lines = [string[]]$section.Lines
        switch ($section.Title.ToUpperInvariant()) {
            'SYNOPSIS' { $page.Synopsis = $lines }
            'DESCRIPTION' { $page.Description = $lines }
            'EXAMPLES' { $page.Examples = @(Read-Examples $lines) }
            'PARAMETERS' { $page.Parameters = Read-ParameterSections $lines }
            'INPUTS' { $page.Inputs = @(Read-TypeSections $lines) }
            'OUTPUTS' { $page.Outputs = @(Read-TypeSections $lines) }
            'NOTES' { $page.Notes = $lines }
            'RELATED LINKS' { $page.Links = @(Read-Links $lines) }
        }
        # SYNTAX is generated from Get-Command, so a stale one is harmless there.
        if ($section.Title -ne 'SYNTAX') { $page.ProseLines += $lines }
    }
    [pscustomobject]$page
}

function Read-Examples([string[]] $Lines) {
    foreach ($example in (Split-MarkdownSections $Lines 3).Sections) {
        $blocks = ConvertTo-MarkdownBlocks ([string[]]$example.Lines)
        $code = @($blocks | Where-Object Kind -EQ 'Code' | ForEach-Object { $_.Lines -join "`n" })
        # Remarks are everything but the code; rendered from their own lines to keep lists intact.
        $remarks = [System.Collections.Generic.List[string]]::new()
        $fence = $null
        foreach ($line in $example.Lines) {
            if ($fence) { if (Test-FenceEnd $line $fence) { $fence = $null }; continue }
            if ($line -match $script:FenceRegex) { $fence = $Matches.fence; $remarks.Add(''); continue }
            $remarks.Add($line)
        }
        [pscustomobject]@{ Title = $example.Title; Code = ($code -join "`n`n"); Remarks = [string[]]$remarks }
    }
}

# ### -Name sections: description lines, then one or more ```yaml blocks of facts.
function Read-ParameterSections([string[]] $Lines) {
    $parameters = [ordered]@{}
    foreach ($section in (Split-MarkdownSections $Lines 3).Sections) {
        if ($section.Title -notmatch '^-(?<name>\S+)$') { continue }
        $name = $Matches.name
        $description = [System.Collections.Generic.List[string]]::new()
        $yaml = [System.Collections.Generic.List[object]]::new()
        $inYaml = $null
        foreach ($line in $section.Lines) {
            if ($null -ne $inYaml) {
                if ($line -match '^\s*`{3,}\s*$') { $yaml.Add((ConvertFrom-ParameterYaml ([string[]]$inYaml))); $inYaml = $null }
                else { $inYaml.Add($line) }
                continue
            }
            if ($line -match '^\s*`{3,}\s*ya?ml\s*$') { $inYaml = [System.Collections.Generic.List[string]]::new(); continue }
            $description.Add($line)
        }
        $parameters[$name] = [pscustomobject]@{ Name = $name; Description = [string[]]$description; Yaml = $yaml.ToArray() }
    }
    $parameters
}

# ### <type> sections of INPUTS and OUTPUTS.
function Read-TypeSections([string[]] $Lines) {
    foreach ($section in (Split-MarkdownSections $Lines 3).Sections) {
        [pscustomobject]@{ TypeName = (ConvertFrom-MarkdownInline $section.Title); Description = [string[]]$section.Lines }
    }
}

function Read-Links([string[]] $Lines) {
    foreach ($line in $Lines) {
        $text = $line.Trim() -replace '^[-*+]\s+', ''
        if (-not $text) { continue }
        if ($text -match '^\[(?<text>[^\]]+)\]\((?<url>[^)\s]*)\)$') {
            $label = $Matches.text
            $url = $Matches.url
            # A link to a sibling page (about_Hero.md) is a help topic name, not an address.
            [pscustomobject]@{ Text = $label; Uri = ($url -match '^[a-z]+://' ? $url : '') }
        }
        else {
            [pscustomobject]@{ Text = (ConvertFrom-MarkdownInline $text); Uri = '' }
        }
    }
}

#endregion

#region Facts from the live command

# The names Get-Help and platyPS show: String, String[], TimeSpan, Nullable<T> as T.
function Get-TypeDisplayName([type] $Type) {
    if ($Type.IsArray) { return (Get-TypeDisplayName $Type.GetElementType()) + '[]' }
    $underlying = [Nullable]::GetUnderlyingType($Type)
    if ($underlying) { return Get-TypeDisplayName $underlying }
    if ($Type.IsGenericType) {
        $arguments = ($Type.GetGenericArguments() | ForEach-Object { Get-TypeDisplayName $_ }) -join ', '
        return ($Type.Name -replace '`\d+$', '') + "[$arguments]"
    }
    $Type.Name
}

function Format-PipelineInput([bool] $ByValue, [bool] $ByPropertyName) {
    $kinds = @(if ($ByValue) { 'ByValue' }; if ($ByPropertyName) { 'ByPropertyName' })
    $kinds.Count ? "True ($($kinds -join ', '))" : 'False'
}

# Values a parameter accepts, for syntax like -Level {Debug | Information}: ValidateSet or enum names.
function Get-AcceptedValues($Parameter) {
    $set = @($Parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] })
    if ($set) { return [string[]]$set[0].ValidValues }
    $type = $Parameter.ParameterType.IsArray ? $Parameter.ParameterType.GetElementType() : $Parameter.ParameterType
    $type = [Nullable]::GetUnderlyingType($type) ?? $type
    if ($type.IsEnum) { return [string[]][Enum]::GetNames($type) }
    , [string[]]@()
}

# What a parameter is, whatever the set: computed once per parameter, since the syntax of every
# set repeats it and rendering the description is the expensive part.
$script:ParameterBase = @{}
function Get-ParameterBase($Command, [string] $Name, $DocParameter) {
    $key = "$($Command.Name)/$Name"
    if ($script:ParameterBase.ContainsKey($key)) { return $script:ParameterBase[$key] }
    $metadata = $Command.Parameters[$Name]
    $type = $metadata.ParameterType
    $yaml = @($DocParameter ? $DocParameter.Yaml : @())
    $default = $yaml.ForEach({ $_['Default value'] }).Where({ $_ }, 'First')
    $wildcards = $metadata.Attributes.Where({ $_ -is [System.Management.Automation.SupportsWildcardsAttribute] }).Count -gt 0 -or
        $yaml.Where({ $_['Accept wildcard characters'] -eq 'True' }).Count -gt 0
    $script:ParameterBase[$key] = [pscustomobject]@{
        Name           = $Name
        Type           = Get-TypeDisplayName $type
        IsSwitch       = $metadata.SwitchParameter
        IsArray        = $type.IsArray
        Aliases        = $metadata.Aliases.Count ? ($metadata.Aliases -join ', ') : 'none'
        Globbing       = $wildcards
        Default        = $default.Count ? [string]$default[0] : 'None'
        AcceptedValues = Get-AcceptedValues $metadata
        Description    = $DocParameter ? (ConvertTo-MamlParagraphs $DocParameter.Description) : @()
    }
    $script:ParameterBase[$key]
}

# One parameter as the MAML writer needs it. $Sets narrows the facts to one parameter set (for
# syntax); without it they are merged over every set the parameter belongs to.
function Get-ParameterFacts($Command, [string] $Name, $DocParameter, [string[]] $Sets) {
    $setMetadata = @($Command.Parameters[$Name].ParameterSets.GetEnumerator().Where({
                -not $Sets -or $_.Key -in $Sets -or $_.Key -eq '__AllParameterSets' }).ForEach({ $_.Value }))
    $positions = @($setMetadata.Where({ $_.Position -ge 0 }).ForEach({ $_.Position }) | Sort-Object -Unique)
    $facts = (Get-ParameterBase $Command $Name $DocParameter).psobject.Copy()
    # A parameter is required only where it cannot be left out: in every set it is in.
    $facts | Add-Member -NotePropertyMembers ([ordered]@{
            Required      = $setMetadata.Count -gt 0 -and $setMetadata.Where({ -not $_.IsMandatory }).Count -eq 0
            Position      = $positions.Count -gt 0 ? [string]$positions[0] : 'named'
            PipelineInput = Format-PipelineInput ($setMetadata.Where({ $_.ValueFromPipeline }).Count -gt 0) ($setMetadata.Where({ $_.ValueFromPipelineByPropertyName }).Count -gt 0)
        })
    $facts
}

# Parameter names of one set in the order PowerShell's own syntax line uses: positional by
# position, then mandatory named, then the rest; common parameters are left to Get-Help.
function Get-SyntaxParameterNames($ParameterSet) {
    $own = @($ParameterSet.Parameters | Where-Object {
            $_.Name -notin $script:CommonParameters -and -not ($_.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and $_.DontShow })
        })
    $positional = @($own | Where-Object Position -GE 0 | Sort-Object Position)
    $mandatory = @($own | Where-Object { $_.Position -lt 0 -and $_.IsMandatory })
    $optional = @($own | Where-Object { $_.Position -lt 0 -and -not $_.IsMandatory })
    @($positional + $mandatory + $optional | ForEach-Object Name)
}

# The parameters a page documents: not the common ones, not hidden ones (DontShow, such as the
# switch that catches ambiguous prefixes).
function Get-LiveParameterNames($Command) {
    @($Command.Parameters.Values | Where-Object {
            $_.Name -notin $script:CommonParameters -and -not ($_.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and $_.DontShow })
        } | ForEach-Object Name)
}

function Get-InputTypeNames($Command) {
    $names = foreach ($parameter in $Command.Parameters.Values) {
        if ($parameter.ParameterSets.Values | Where-Object { $_.ValueFromPipeline -or $_.ValueFromPipelineByPropertyName }) {
            $parameter.ParameterType.FullName
        }
    }
    @($names | Select-Object -Unique)
}

#endregion

#region Checks

function Test-CommandPage($Command, $Page) {
    $name = $Command.Name
    $where = "$(Resolve-RelativePath $Page.Path) ($name)"
    if ($Page.Title -ne $name) { Add-Problem "${where}: the page title is '# $($Page.Title)', expected '# $name'." }
    if (-not (Test-HasText $Page.Synopsis)) { Add-Problem "${where}: ## SYNOPSIS is empty." }
    if (-not (Test-HasText $Page.Description)) { Add-Problem "${where}: ## DESCRIPTION is empty." }
    if (Test-Placeholder $Page.ProseLines) { Add-Problem "${where}: still holds a {{ ... }} placeholder." }

    $examples = @($Page.Examples)
    if ($examples.Count -eq 0) { Add-Problem "${where}: ## EXAMPLES has no '### Example 1: ...' section." }
    foreach ($example in $examples) {
        if (-not $example.Code.Trim()) { Add-Problem "${where}: example '$($example.Title)' has no code block." }
    }

    $live = Get-LiveParameterNames $Command
    foreach ($parameter in $live) {
        $doc = $Page.Parameters[$parameter]
        if (-not $doc) { Add-Problem "${where}: parameter -$parameter has no '### -$parameter' section." }
        elseif (-not (Test-HasText $doc.Description)) { Add-Problem "${where}: parameter -$parameter has no description." }
        else { Test-ParameterYaml $Command $parameter $doc $where }
    }
    foreach ($documented in $Page.Parameters.Keys) {
        if ($documented -notin $live) { Add-Problem "${where}: documents parameter -$documented, which $name does not have." }
    }
}

# The yaml facts are not used (Get-Command wins), but a reader of the markdown sees them: say so
# when they disagree with the code instead of failing the build over it.
function Test-ParameterYaml($Command, [string] $Name, $Doc, [string] $Where) {
    $metadata = $Command.Parameters[$Name]
    $allSets = @($Command.ParameterSets.Name)
    foreach ($yaml in $Doc.Yaml) {
        $type = $yaml['Type']
        if ($type -and $type -ne (Get-TypeDisplayName $metadata.ParameterType) -and $type -ne $metadata.ParameterType.FullName) {
            Write-Warning "${Where}: -$Name is documented as Type: $type; the cmdlet says $(Get-TypeDisplayName $metadata.ParameterType)."
        }
        $sets = $yaml['Parameter Sets']
        $named = if (-not $sets -or $sets -eq '(All)') { @($metadata.ParameterSets.Keys) } else { @($sets -split '\s*,\s*') }
        foreach ($set in $named) {
            $facts = $metadata.ParameterSets[$set] ?? $metadata.ParameterSets['__AllParameterSets']
            if (-not $facts -or ($set -ne '__AllParameterSets' -and $set -notin $allSets)) {
                Write-Warning "${Where}: -$Name is documented in parameter set '$set', which it is not in."
                continue
            }
            $position = $facts.Position -ge 0 ? [string]$facts.Position : 'Named'
            if ($yaml['Position'] -and $yaml['Position'] -ne $position) {
                Write-Warning "${Where}: -$Name is documented at Position: $($yaml['Position']) in '$set'; the cmdlet says $position."
            }
            if ($yaml['Required'] -and $yaml['Required'] -ne [string]$facts.IsMandatory) {
                Write-Warning "${Where}: -$Name is documented as Required: $($yaml['Required']) in '$set'; the cmdlet says $($facts.IsMandatory)."
            }
        }
    }
}

function Test-HasText([string[]] $Lines) {
    [bool](@($Lines) | Where-Object { $_ -and $_.Trim() -and $_.Trim() -notmatch '^<!--.*-->$' })
}

# Short paths in messages when the docs live under the current folder (the repository), full ones otherwise.
function Resolve-RelativePath([string] $Path) {
    $relative = [IO.Path]::GetRelativePath((Get-Location).ProviderPath, $Path)
    $relative.StartsWith('..') ? $Path : $relative
}

#endregion

#region MAML

function Write-Paragraphs([System.Xml.XmlWriter] $Writer, [string[]] $Paragraphs) {
    foreach ($paragraph in @($Paragraphs)) { $Writer.WriteElementString('maml', 'para', $script:Ns.Maml, $paragraph) }
}

function Write-Description([System.Xml.XmlWriter] $Writer, [string[]] $Paragraphs) {
    $Writer.WriteStartElement('maml', 'description', $script:Ns.Maml)
    Write-Paragraphs $Writer $Paragraphs
    $Writer.WriteEndElement()
}

function Write-TypeName([System.Xml.XmlWriter] $Writer, [string] $Name) {
    $Writer.WriteStartElement('dev', 'type', $script:Ns.Dev)
    $Writer.WriteElementString('maml', 'name', $script:Ns.Maml, $Name)
    $Writer.WriteElementString('maml', 'uri', $script:Ns.Maml, '')
    $Writer.WriteEndElement()
}

# One <command:parameter>. In a syntax item a switch gets no value element, so Get-Help shows
# [-Quiet] rather than [-Quiet <SwitchParameter>]: the same quirk platyPS keeps.
function Write-Parameter([System.Xml.XmlWriter] $Writer, $Facts, [switch] $InSyntax) {
    $Writer.WriteStartElement('command', 'parameter', $script:Ns.Command)
    $Writer.WriteAttributeString('required', $Facts.Required.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('variableLength', $Facts.IsArray.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('globbing', $Facts.Globbing.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('pipelineInput', $Facts.PipelineInput)
    $Writer.WriteAttributeString('position', $Facts.Position)
    $Writer.WriteAttributeString('aliases', $Facts.Aliases)
    $Writer.WriteElementString('maml', 'name', $script:Ns.Maml, $Facts.Name)
    Write-Description $Writer $Facts.Description
    if ($InSyntax -and $Facts.AcceptedValues.Count) {
        $Writer.WriteStartElement('command', 'parameterValueGroup', $script:Ns.Command)
        foreach ($value in $Facts.AcceptedValues) { Write-ParameterValue $Writer $value -Required $false -VariableLength $false }
        $Writer.WriteEndElement()
    }
    elseif (-not ($InSyntax -and $Facts.IsSwitch)) {
        Write-ParameterValue $Writer $Facts.Type -Required (-not $Facts.IsSwitch) -VariableLength $Facts.IsArray
    }
    Write-TypeName $Writer $Facts.Type
    $Writer.WriteElementString('dev', 'defaultValue', $script:Ns.Dev, $Facts.Default)
    $Writer.WriteEndElement()
}

function Write-ParameterValue([System.Xml.XmlWriter] $Writer, [string] $Value, [bool] $Required, [bool] $VariableLength) {
    $Writer.WriteStartElement('command', 'parameterValue', $script:Ns.Command)
    $Writer.WriteAttributeString('required', $Required.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('variableLength', $VariableLength.ToString().ToLowerInvariant())
    $Writer.WriteString($Value)
    $Writer.WriteEndElement()
}

function Write-Syntax([System.Xml.XmlWriter] $Writer, $Command, $Page) {
    $Writer.WriteStartElement('command', 'syntax', $script:Ns.Command)
    # The default set first, as Get-Command and platyPS list it.
    $sets = @($Command.ParameterSets | Sort-Object { -not $_.IsDefault })
    foreach ($set in $sets) {
        $Writer.WriteStartElement('command', 'syntaxItem', $script:Ns.Command)
        $Writer.WriteElementString('maml', 'name', $script:Ns.Maml, $Command.Name)
        foreach ($name in (Get-SyntaxParameterNames $set)) {
            Write-Parameter $Writer (Get-ParameterFacts $Command $name $Page.Parameters[$name] @($set.Name)) -InSyntax
        }
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
}

function Write-Parameters([System.Xml.XmlWriter] $Writer, $Command, $Page) {
    $Writer.WriteStartElement('command', 'parameters', $script:Ns.Command)
    # The page's order: authors group related parameters; anything else follows alphabetically.
    $live = Get-LiveParameterNames $Command
    $ordered = @($Page.Parameters.Keys | Where-Object { $_ -in $live }) + @($live | Where-Object { -not $Page.Parameters.Contains($_) } | Sort-Object)
    foreach ($name in $ordered) { Write-Parameter $Writer (Get-ParameterFacts $Command $name $Page.Parameters[$name]) }
    $Writer.WriteEndElement()
}

# Inputs and outputs: the live types first, described by the page's ### section of the same
# name; types the page adds on its own (None, or what a switch changes) follow.
function Get-TypeEntries([string[]] $LiveNames, [object[]] $Documented) {
    # An empty list arrives as $null, which [string[]] would turn into one empty name.
    $LiveNames = @($LiveNames).Where({ $_ })
    $Documented = @($Documented).Where({ $_ })
    $entries = [System.Collections.Generic.List[object]]::new()
    $used = [System.Collections.Generic.HashSet[object]]::new()
    foreach ($live in $LiveNames) {
        $short = $live.Split('.')[-1]
        $doc = $Documented | Where-Object { $_.TypeName -eq $live -or $_.TypeName -eq $short } | Select-Object -First 1
        if ($doc) { [void]$used.Add($doc) }
        $entries.Add([pscustomobject]@{ Name = $live; Description = ($doc ? (ConvertTo-MamlParagraphs $doc.Description) : @()) })
    }
    foreach ($doc in @($Documented)) {
        if ($used.Contains($doc) -or ($LiveNames.Count -and $doc.TypeName -eq 'None')) { continue }
        $entries.Add([pscustomobject]@{ Name = $doc.TypeName; Description = (ConvertTo-MamlParagraphs $doc.Description) })
    }
    if ($entries.Count -eq 0) { $entries.Add([pscustomobject]@{ Name = 'None'; Description = @() }) }
    , $entries.ToArray()
}

function Write-TypeList([System.Xml.XmlWriter] $Writer, [string] $ListName, [string] $ItemName, [object[]] $Entries) {
    $Writer.WriteStartElement('command', $ListName, $script:Ns.Command)
    foreach ($entry in $Entries) {
        $Writer.WriteStartElement('command', $ItemName, $script:Ns.Command)
        Write-TypeName $Writer $entry.Name
        Write-Description $Writer $entry.Description
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
}

function Write-Examples([System.Xml.XmlWriter] $Writer, $Page) {
    $Writer.WriteStartElement('command', 'examples', $script:Ns.Command)
    foreach ($example in $Page.Examples) {
        $Writer.WriteStartElement('command', 'example', $script:Ns.Command)
        $Writer.WriteElementString('maml', 'title', $script:Ns.Maml, "-------------------------- $($example.Title) --------------------------")
        $Writer.WriteElementString('dev', 'code', $script:Ns.Dev, $example.Code)
        $Writer.WriteStartElement('dev', 'remarks', $script:Ns.Dev)
        Write-Paragraphs $Writer (ConvertTo-MamlParagraphs $example.Remarks)
        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
}

function Write-Links([System.Xml.XmlWriter] $Writer, $Page) {
    $Writer.WriteStartElement('command', 'relatedLinks', $script:Ns.Command)
    $links = @()
    $online = $Page.Meta['online version']
    if ($online) { $links += [pscustomobject]@{ Text = 'Online Version:'; Uri = $online } }
    $links += @($Page.Links)
    foreach ($link in $links) {
        $Writer.WriteStartElement('maml', 'navigationLink', $script:Ns.Maml)
        $Writer.WriteElementString('maml', 'linkText', $script:Ns.Maml, $link.Text)
        $Writer.WriteElementString('maml', 'uri', $script:Ns.Maml, $link.Uri)
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
}

function Write-Command([System.Xml.XmlWriter] $Writer, $Command, $Page) {
    $Writer.WriteStartElement('command', 'command', $script:Ns.Command)
    foreach ($prefix in 'maml', 'command', 'dev', 'MSHelp') {
        $Writer.WriteAttributeString('xmlns', $prefix, $null, $script:Ns[$prefix])
    }

    $Writer.WriteStartElement('command', 'details', $script:Ns.Command)
    $Writer.WriteElementString('command', 'name', $script:Ns.Command, $Command.Name)
    $Writer.WriteElementString('command', 'verb', $script:Ns.Command, $Command.Verb)
    $Writer.WriteElementString('command', 'noun', $script:Ns.Command, $Command.Noun)
    Write-Description $Writer (ConvertTo-MamlParagraphs $Page.Synopsis)
    $Writer.WriteEndElement()

    Write-Description $Writer (ConvertTo-MamlParagraphs $Page.Description)
    Write-Syntax $Writer $Command $Page
    Write-Parameters $Writer $Command $Page
    Write-TypeList $Writer 'inputTypes' 'inputType' (Get-TypeEntries (Get-InputTypeNames $Command) $Page.Inputs)
    Write-TypeList $Writer 'returnValues' 'returnValue' (Get-TypeEntries @($Command.OutputType | ForEach-Object Name) $Page.Outputs)

    # An empty alertSet still makes Get-Help print a NOTES heading with nothing under it.
    $notes = ConvertTo-MamlParagraphs $Page.Notes
    if ($notes.Count) {
        $Writer.WriteStartElement('maml', 'alertSet', $script:Ns.Maml)
        $Writer.WriteStartElement('maml', 'alert', $script:Ns.Maml)
        Write-Paragraphs $Writer $notes
        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }

    Write-Examples $Writer $Page
    Write-Links $Writer $Page
    $Writer.WriteEndElement()
}

function Write-MamlFile([string] $Path, [object[]] $Pairs) {
    $settings = [System.Xml.XmlWriterSettings]@{
        Indent   = $true
        Encoding = [System.Text.UTF8Encoding]::new($false)
    }
    $writer = [System.Xml.XmlWriter]::Create($Path, $settings)
    try {
        $writer.WriteStartDocument()
        $writer.WriteStartElement('helpItems', $script:Ns.Msh)
        $writer.WriteAttributeString('schema', 'maml')
        foreach ($pair in $Pairs) { Write-Command $writer $pair.Command $pair.Page }
        $writer.WriteEndElement()
        $writer.WriteEndDocument()
    }
    finally {
        $writer.Dispose()
    }
}

#endregion

#region About topics

# Word-wraps one paragraph; a single long token (a URL) is left whole rather than broken.
function Format-Wrapped([string] $Text, [string] $FirstIndent, [string] $Indent, [int] $Width = 80) {
    $lines = [System.Collections.Generic.List[string]]::new()
    $line = $FirstIndent
    $empty = $true
    foreach ($word in ($Text -split '\s+' | Where-Object { $_ })) {
        if (-not $empty -and $line.Length + 1 + $word.Length -gt $Width) {
            $lines.Add($line); $line = $Indent; $empty = $true
        }
        $line += ($empty ? '' : ' ') + $word
        $empty = $false
    }
    if (-not $empty) { $lines.Add($line) }
    , $lines.ToArray()
}

# The classic about_ layout: TOPIC / SHORT DESCRIPTION / LONG DESCRIPTION at the margin, text
# indented four spaces and wrapped at 80 columns, code indented eight.
function ConvertTo-AboutText([string[]] $Lines) {
    $split = Split-FrontMatter $Lines
    $out = [System.Collections.Generic.List[string]]::new()
    foreach ($block in (ConvertTo-MarkdownBlocks $split.Body)) {
        if ($out.Count -and $out[$out.Count - 1] -ne '' -and $block.Kind -eq 'Heading') { $out.Add('') }
        switch ($block.Kind) {
            'Heading' {
                $text = ConvertFrom-MarkdownInline $block.Text
                if ($block.Level -eq 1) { $out.AddRange([string[]]@('TOPIC', "    $text", '')) }
                elseif ($block.Level -eq 2) { $out.Add($text.ToUpperInvariant()) }
                else { $out.Add('    ' + $text.ToUpperInvariant()) }
            }
            'Paragraph' { $out.AddRange((Format-Wrapped (ConvertFrom-MarkdownInline $block.Text) '    ' '    ')) }
            'List' {
                foreach ($item in $block.Items) {
                    $indent = '    ' + ('  ' * $item.Depth)
                    $bullet = $item.Marker + ' '
                    $out.AddRange((Format-Wrapped (ConvertFrom-MarkdownInline $item.Text) ($indent + $bullet) ($indent + (' ' * $bullet.Length))))
                }
            }
            'Code' { foreach ($line in $block.Lines) { $out.Add($line ? "        $line" : '') } }
            'Table' { $out.AddRange((Format-MarkdownTable -Rows $block.Rows -Indent '    ')) }
        }
        # A heading sits directly on its text, as in the classic about_ files.
        if ($block.Kind -ne 'Heading') { $out.Add('') }
    }
    ($out -join [Environment]::NewLine).TrimEnd() + [Environment]::NewLine
}

# The topic's file name and text, or nothing (and a problem) when the page cannot be one.
function Read-AboutTopic([string] $Path) {
    $name = [IO.Path]::GetFileNameWithoutExtension($Path)
    $lines = Read-MarkdownLines $Path
    $title = @($lines | Where-Object { $_ -match '^#\s+\S' } | Select-Object -First 1)
    if (-not $title -or ($title[0] -replace '^#\s+', '').Trim() -ne $name) {
        Add-Problem "$(Resolve-RelativePath $Path): the first heading must be '# $name'."
        return
    }
    if (Test-Placeholder $lines) { Add-Problem "$(Resolve-RelativePath $Path): still holds a {{ ... }} placeholder." }
    [pscustomobject]@{ FileName = "$name.help.txt"; Text = (ConvertTo-AboutText $lines) }
}

#endregion

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
