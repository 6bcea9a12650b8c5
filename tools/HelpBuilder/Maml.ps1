# Part of tools/HelpBuilder.ps1 (dot-sourced into its script scope): writing MAML.

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
