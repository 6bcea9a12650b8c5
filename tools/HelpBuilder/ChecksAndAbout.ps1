# Part of tools/HelpBuilder.ps1 (dot-sourced into its script scope): the checks that fail the build when the prose no longer covers the code, and about topics.

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
