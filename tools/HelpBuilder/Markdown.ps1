# Part of tools/HelpBuilder.ps1 (dot-sourced into its script scope): reading platyPS markdown into blocks and plain text.

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
