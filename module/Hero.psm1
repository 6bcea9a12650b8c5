# Hero's cmdlets, Polly and Serilog live in their own load context (pwsh 7) so that another module's
# copies of Polly or Serilog can never collide with Hero's. Only Hero.Loader.dll enters the default
# context. On Windows PowerShell 5.1 the loader installs a resolve handler scoped to Hero's folder.
# The real Import-Module, even if a proxy function shadows it. (Get-Command and Add-Type would cost
# tens of milliseconds of command discovery at import; these calls do not.)
$importModule = $ExecutionContext.InvokeCommand.GetCmdlet('Microsoft.PowerShell.Core\Import-Module')

$framework = if ($PSEdition -eq 'Core') { 'net8.0' } else { 'net472' }
$binPath = [System.IO.Path]::Combine($PSScriptRoot, 'bin', $framework)

$loaderType = 'Hero.Loader.ModuleLoader' -as [type]
if (-not $loaderType) {
    $loaderType = [System.Reflection.Assembly]::LoadFrom([System.IO.Path]::Combine($binPath, 'Hero.Loader.dll')).GetType('Hero.Loader.ModuleLoader')
}

$cmdletAssembly = $loaderType::Initialize()

$innerModule = & $importModule -Assembly $cmdletAssembly -Force -PassThru

# Type accelerators for the engine's types ([Hero.HeroTaskResult]: they live in Hero's load context,
# where scripts cannot name them) and the re-export that Import-Module -Force needs
# (PowerShell/PowerShell#20710); done in compiled code, which is faster than the same reflection here.
$lifecycle = $cmdletAssembly.GetType('Hero.PowerShell.Hosting.ModuleLifecycle')
$lifecycle::OnImport($ExecutionContext.SessionState.Module, $innerModule)

# A log file named by HERO_LOG_PATH that cannot be written is worth one warning at import.
if ($env:HERO_LOG_PATH -and ($fileError = [Hero.Logging.HeroLog]::Settings.FileError)) {
    Write-Warning "Hero cannot write the log file named by HERO_LOG_PATH ('$env:HERO_LOG_PATH'): $fileError"
}

# Leave every accepted log event in the file when the module goes away.
$ExecutionContext.SessionState.Module.OnRemove = { $lifecycle::OnRemove() }
