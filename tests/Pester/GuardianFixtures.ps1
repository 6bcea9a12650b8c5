# Dot-sourced by the guardian tests: a state root of the test's own (so no test touches the user's
# state folder), waits on what Get-HeroGuardian reports, and a cleanup that leaves no worker behind.
# A leaked detached worker would outlive the test run, so every file ends with Remove-TestGuardians.

function Initialize-TestGuardianRoot {
    param([Parameter(Mandatory)] [string] $Path)
    $root = [IO.Directory]::CreateDirectory($Path).FullName
    $env:HERO_GUARDIAN_HOME = $root
    # The workers log to their state folder's guardian.clef unless a test names a file.
    Set-HeroLogging -DisableFile -MinimumLevel Information
    $root
}

# Waits (bounded) until the guardian satisfies the condition; returns the last look at it.
function Wait-Guardian {
    param([Parameter(Mandatory)] [string] $Name, [Parameter(Mandatory)] [scriptblock] $Until, [double] $TimeoutSeconds = 20)
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    do {
        $guardian = Get-HeroGuardian -Name $Name -ErrorAction SilentlyContinue
        if ($guardian -and (& $Until $guardian)) { return $guardian }
        Start-Sleep -Milliseconds 100
    } while ([DateTime]::UtcNow -lt $deadline)
    Get-HeroGuardian -Name $Name -ErrorAction SilentlyContinue
}

# Unix times (seconds, fractional) the kit's `stamp FILE` step appended.
function Read-Stamps {
    param([string] $Path)
    if (-not (Test-Path -LiteralPath $Path)) { return @() }
    @(Get-Content -LiteralPath $Path | Where-Object { $_ } | ForEach-Object { [double]::Parse($_, [Globalization.CultureInfo]::InvariantCulture) })
}

# The pids of a process's live children (Linux: /proc).
function Get-ChildProcessIds {
    param([int] $ParentId)
    @(Get-ChildItem /proc -Directory -ErrorAction SilentlyContinue | Where-Object Name -Match '^\d+$' | ForEach-Object {
        try {
            $stat = [IO.File]::ReadAllText("/proc/$($_.Name)/stat")
            $fields = $stat.Substring($stat.LastIndexOf(')') + 2).Split(' ')
            if ([int]$fields[1] -eq $ParentId -and $fields[0] -ne 'Z') { [int]$_.Name }
        }
        catch { }
    })
}

# Stops and removes every guardian under the root, then kills by pid whatever a guardian recorded
# that is still alive (a worker that did not stop, a child it left).
function Remove-TestGuardians {
    param([string] $Root = $env:HERO_GUARDIAN_HOME)
    if (-not $Root -or -not (Test-Path -LiteralPath $Root)) { return }
    $known = @(Get-HeroGuardian -StateDirectory $Root -ErrorAction SilentlyContinue)
    $pids = @($known | ForEach-Object { $_.WorkerPid; $_.ChildPid } | Where-Object { $_ })
    $known | Stop-HeroGuardian -StateDirectory $Root -Timeout 5 -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
    $known | Remove-HeroGuardian -StateDirectory $Root -Confirm:$false -ErrorAction SilentlyContinue
    foreach ($id in $pids) { if (Test-ProcessAlive -Id $id) { Stop-Process -Id $id -Force -ErrorAction SilentlyContinue } }
}
