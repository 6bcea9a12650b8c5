# Small helpers the build, the tests and the benchmarks share. Dot-source it.

# The pwsh that runs this script, as a command line for a child: the apphost when it is executable,
# else `dotnet pwsh.dll` (the dotnet tool package does not always keep the execute bit).
function Get-PwshCommand {
    $native = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
    if ((Test-Path -LiteralPath $native) -and ($IsWindows -or ((Get-Item -LiteralPath $native).UnixFileMode -band [IO.UnixFileMode]::UserExecute))) {
        return , @($native)
    }
    , @((Get-Process -Id $PID).Path, (Join-Path $PSHOME 'pwsh.dll'))
}

# True while the pid names a running process. A zombie (exited, waiting to be collected by its
# parent) is not running: on some machines PID 1 never collects orphans.
function Test-ProcessAlive {
    param([int] $Id)
    if ($IsLinux) {
        $stat = "/proc/$Id/stat"
        if (-not (Test-Path -LiteralPath $stat)) { return $false }
        try { $text = [IO.File]::ReadAllText($stat) } catch { return $false }
        return $text.Substring($text.LastIndexOf(')') + 2, 1) -notin 'Z', 'X'
    }
    $null -ne (Get-Process -Id $Id -ErrorAction SilentlyContinue)
}
