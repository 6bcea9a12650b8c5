# Hero's cmdlets, Polly and Serilog live in their own load context (pwsh 7) so that another module's
# copies of Polly or Serilog can never collide with Hero's. Only Hero.Loader.dll enters the default
# context. On Windows PowerShell 5.1 the loader installs a resolve handler scoped to Hero's folder.
$importModule = Get-Command -Name Import-Module -Module Microsoft.PowerShell.Core

$framework = if ($PSVersionTable.PSEdition -eq 'Core') { 'net8.0' } else { 'net472' }
$binPath = [System.IO.Path]::Combine($PSScriptRoot, 'bin', $framework)

if (-not ('Hero.Loader.ModuleLoader' -as [type])) {
    Add-Type -Path ([System.IO.Path]::Combine($binPath, 'Hero.Loader.dll'))
}

$cmdletAssembly = [Hero.Loader.ModuleLoader]::Initialize()
# Imported for its types only (so [Hero.HeroTaskResult] resolves in scripts); it has no cmdlets.
& $importModule -Assembly ([Hero.Loader.ModuleLoader]::EngineAssembly()) -Force
$innerModule = & $importModule -Assembly $cmdletAssembly -Force -PassThru

# Import-Module -Force on a module that imports an assembly returns the cached inner module and the
# cmdlets vanish from the outer one (PowerShell/PowerShell#20710): re-export them explicitly.
if ($innerModule) {
    $addExportedCmdlet = [System.Management.Automation.PSModuleInfo].GetMethod(
        'AddExportedCmdlet',
        [System.Reflection.BindingFlags]'Instance, NonPublic')
    foreach ($cmdlet in $innerModule.ExportedCmdlets.Values) {
        $addExportedCmdlet.Invoke($ExecutionContext.SessionState.Module, @(, $cmdlet))
    }
}

# A log file named by HERO_LOG_PATH that cannot be written is worth one warning at import.
if ($env:HERO_LOG_PATH -and ($fileError = [Hero.Logging.HeroLog]::Settings.FileError)) {
    Write-Warning "Hero cannot write the log file named by HERO_LOG_PATH ('$env:HERO_LOG_PATH'): $fileError"
}

# Leave every accepted log event in the file when the module goes away.
$ExecutionContext.SessionState.Module.OnRemove = {
    [Hero.Commands.ModuleLifecycle]::OnRemove()
}
