# Hero's cmdlets, Polly and Serilog live in their own load context (pwsh 7) so that another module's
# copies of Polly or Serilog can never collide with Hero's. Only Hero.Loader.dll enters the default
# context. On Windows PowerShell 5.1 the loader installs a resolve handler scoped to Hero's folder.
# Every fresh pwsh that imports Hero runs this script, and every kind of statement the engine meets
# for the first time costs it time: the work is done in compiled code (ModuleLoader, ModuleLifecycle)
# and this script only wires it up. (Get-Command and Add-Type would cost tens of milliseconds of
# command discovery; none of these calls does.)
$loader = 'Hero.Loader.ModuleLoader' -as [type]
if (-not $loader) {
    $framework = if ($PSEdition -eq 'Core') { 'net8.0' } else { 'net472' }
    $loader = [System.Reflection.Assembly]::LoadFrom("$PSScriptRoot/bin/$framework/Hero.Loader.dll").GetType('Hero.Loader.ModuleLoader')
}

# Module-qualified: the real Import-Module, even if a proxy function shadows it.
$innerModule = Microsoft.PowerShell.Core\Import-Module -Assembly $loader::Initialize() -Force -PassThru

# Type accelerators for the engine's types, the re-export Import-Module -Force needs, the log flush
# when the module goes away, and a warning when HERO_LOG_PATH names a file that cannot be written.
$lifecycle = $innerModule.ImplementingAssembly.GetType('Hero.PowerShell.Hosting.ModuleLifecycle')
$warning = $lifecycle::OnImport($ExecutionContext.SessionState.Module, $innerModule, { $lifecycle::OnRemove() })
if ($warning) { Write-Warning $warning }
