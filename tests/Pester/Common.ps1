# Dot-sourced by every test file: imports the built module (never an installed copy) and provides
# helpers that look at real processes.
$script:HeroModulePath = $env:HERO_TEST_MODULE
if (-not $script:HeroModulePath) {
    $script:HeroModulePath = Get-ChildItem -Path (Join-Path $PSScriptRoot '..' '..' 'output' 'Hero') -Directory |
        Sort-Object Name | Select-Object -Last 1 -ExpandProperty FullName
}
$script:ModuleManifest = Join-Path $script:HeroModulePath 'Hero.psd1'
if (-not (Get-Module Hero)) {
    Import-Module $script:ModuleManifest -Force
}

. (Join-Path $PSScriptRoot '..' '..' 'tools' 'Shared.ps1')

# The fixture program (tests/Fixtures/HeroTestKit): every child a test needs is a line of its steps,
# the same on every platform. The test task builds it; run by hand, the tests find the last build.
$script:Kit = $env:HERO_TEST_KIT
if (-not $script:Kit) {
    $script:Kit = Join-Path $PSScriptRoot '..' '..' 'output' 'HeroTestKit' ($IsWindows ? 'HeroTestKit.exe' : 'HeroTestKit')
}
if (-not (Test-Path -LiteralPath $script:Kit)) {
    throw "The test fixture program '$script:Kit' is missing: run 'dotnet pwsh ./build.ps1 -Task Test', which builds it."
}

# The kit's steps as one command line for -Shell (sh -c on Unix, cmd /c on Windows): the same
# quoting works in both for the plain words the tests use.
function Get-KitCommand {
    $words = @($script:Kit) + $args | ForEach-Object { if ("$_" -match '^[\w.:/\\-]+$') { "$_" } else { '"' + $_ + '"' } }
    $words -join ' '
}

function Get-TestPwsh { Get-PwshCommand }

function Get-LiveProcessIds {
    param([int[]] $Id)
    @($Id | Where-Object { Test-ProcessAlive -Id $_ })
}

# Reads pids that a test's process tree wrote to a file, one per line.
function Read-PidFile {
    param([string] $Path)
    if (-not (Test-Path -LiteralPath $Path)) { return @() }
    @(Get-Content -LiteralPath $Path | Where-Object { $_ -match '^\d+$' } | ForEach-Object { [int]$_ })
}

# Waits (bounded) until a condition holds; returns whether it did.
function Wait-Until {
    param([scriptblock] $Condition, [double] $TimeoutSeconds = 5)
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while ([DateTime]::UtcNow -lt $deadline) {
        if (& $Condition) { return $true }
        Start-Sleep -Milliseconds 50
    }
    [bool](& $Condition)
}

# Runs a script file in a fresh pwsh (non-interactive) through Invoke-HeroTask and returns the task
# result: StdOut/StdErr are what CI would have shown.
function Invoke-ChildPwsh {
    param(
        [Parameter(Mandatory)] [string] $ScriptPath,
        [string[]] $Arguments = @(),
        [hashtable] $Environment = @{},
        [double] $Timeout = 120
    )
    $pwsh = Get-TestPwsh
    $argumentList = @($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $ScriptPath) + $Arguments
    Invoke-HeroTask -FilePath $pwsh[0] -ArgumentList $argumentList -Environment $Environment -Quiet -Timeout $Timeout -ErrorAction SilentlyContinue
}

# A folder this process cannot write into. Root ignores permission bits, so root gets /proc.
function Get-UnwritableFolder {
    param([string] $Parent)
    if (-not $IsWindows -and (id -u) -eq '0') { return '/proc' }
    $folder = New-Item -ItemType Directory -Path (Join-Path $Parent 'read-only') -Force
    if ($IsWindows) {
        $acl = Get-Acl $folder.FullName
        $rule = [System.Security.AccessControl.FileSystemAccessRule]::new([System.Security.Principal.WindowsIdentity]::GetCurrent().Name, 'Write', 'Deny')
        $acl.AddAccessRule($rule)
        Set-Acl $folder.FullName $acl
    }
    else {
        chmod 555 $folder.FullName
    }
    $folder.FullName
}

# Logs one flaky task under a fresh correlation id (attempt 1 fails with exit 1; attempt 2 hangs
# until the task's 2 s timeout ends it) and one more task, for tests that read such a log.
function Invoke-LoggedFlakyTask {
    param([Parameter(Mandatory)] [string] $Log, [Parameter(Mandatory)] [string] $Marker)
    Set-HeroLogging -Path $Log -MinimumLevel Information
    $correlation = New-HeroCorrelationId
    $result = Invoke-HeroTask $script:Kit -ArgumentList 'if-file', $Marker, '[', 'sleep', '30', ']', 'touch', $Marker, 'exit', '1' `
        -Name flaky-deploy -RetryCount 1 -RetryDelay 0.1 -Timeout 2 -GracePeriod 0.5 -CorrelationId $correlation -Quiet -ErrorAction SilentlyContinue
    Invoke-HeroTask -Name other-task -Quiet -- $script:Kit exit 0 | Out-Null
    [pscustomobject]@{ Correlation = $correlation; Result = $result; Lines = @(Get-Content -LiteralPath $Log) }
}
