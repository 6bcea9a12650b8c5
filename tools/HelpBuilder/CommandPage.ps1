# Part of tools/HelpBuilder.ps1 (dot-sourced into its script scope): what a cmdlet page says and what the live command declares.

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
