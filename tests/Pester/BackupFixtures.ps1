# Dot-sourced by the backup and restore tests: real repositories made quickly, and trees compared by
# content.

# git with a fixed identity and branch name, whatever the machine's configuration says: Invoke-TestGit
# <path> <git arguments...>. No param block, so '-q' or '-A' reach git instead of binding here.
function Invoke-TestGit {
    $path = $args[0]
    $arguments = @($args | Select-Object -Skip 1)
    $output = & git -C $path -c user.email=hero@example.test -c user.name=Hero -c init.defaultBranch=main -c core.autocrlf=false @arguments 2>&1
    if ($LASTEXITCODE -ne 0) { throw "git $($arguments -join ' ') failed in ${path}: $output" }
    $output
}

# A small repository: -FileCount files, committed.
function New-TestRepository {
    param([Parameter(Mandatory)] [string] $Path, [int] $FileCount = 3)
    $folder = [IO.Directory]::CreateDirectory([IO.Path]::Combine($Path, 'src')).FullName
    Invoke-TestGit $Path init -q | Out-Null
    foreach ($i in 1..$FileCount) { [IO.File]::WriteAllText("$folder/file$i.txt", "content of file $i`n") }
    [IO.File]::WriteAllText([IO.Path]::Combine($Path, 'README.md'), "# test`n")
    Invoke-TestGit $Path add -A | Out-Null
    Invoke-TestGit $Path commit -q -m 'first' | Out-Null
    (Get-Item -LiteralPath $Path).FullName
}

# A repository of 2,000 committed files (src/partNN/fileNNNN.txt, a hundred per folder) and a README,
# made in well under a second: perl writes one fast-import stream (one pack, no loose objects), and
# git checks the tree out. A PowerShell loop and `git add` take several seconds on a busy machine.
function New-LargeTestRepository {
    param([Parameter(Mandatory)] [string] $Path)
    New-Item -ItemType Directory -Path $Path -Force | Out-Null
    Invoke-TestGit $Path init -q | Out-Null
    $stream = 'print "commit refs/heads/main\ncommitter Hero <hero\@example.test> 1700000000 +0000\ndata 5\nfirst\n";' +
        'my $r = "# test\n"; print "M 100644 inline README.md\ndata ", length($r), "\n$r";' +
        'for my $i (0..1999) { my $c = "content of file $i\n"; printf "M 100644 inline src/part%02d/file%04d.txt\ndata %d\n%s", $i / 100, $i, length($c), $c }'
    & sh -c "perl -e '$stream' | git -C '$Path' fast-import --quiet && git -C '$Path' reset -q --hard main"
    if ($LASTEXITCODE -ne 0) { throw "Could not build the large test repository in $Path." }
    (Get-Item -LiteralPath $Path).FullName
}

# Relative path (with '/') -> SHA-256 of every file under $Path, sorted by path; a link maps to
# 'link:' + its target. -Skip holds relative paths or folder prefixes (ending in '/') to leave out.
# .NET calls only: cmdlets per file would cost seconds for 2,000 files.
function Get-TreeHashes {
    param([Parameter(Mandatory)] [string] $Path, [string[]] $Skip = @())
    $root = [IO.Path]::GetFullPath($Path).TrimEnd('/', '\')
    $sha = [Security.Cryptography.SHA256]::Create()
    $entries = [Collections.Generic.SortedDictionary[string, string]]::new([StringComparer]::Ordinal)
    try {
        foreach ($file in [IO.Directory]::EnumerateFiles($root, '*', [IO.SearchOption]::AllDirectories)) {
            $relative = $file.Substring($root.Length + 1).Replace('\', '/')
            if ($Skip.Where({ $relative -eq $_ -or ($_.EndsWith('/') -and $relative.StartsWith($_)) }, 'First').Count) { continue }
            $info = [IO.FileInfo]::new($file)
            $entries[$relative] = if ($info.LinkTarget) { 'link:' + $info.LinkTarget } else { [Convert]::ToHexString($sha.ComputeHash([IO.File]::ReadAllBytes($file))) }
        }
    }
    finally {
        $sha.Dispose()
    }
    $entries
}

# One line per entry, "path sha256": a whole tree compared with a single assertion.
function Format-TreeHashes($Hashes) { @($Hashes.GetEnumerator() | ForEach-Object { "$($_.Key) $($_.Value)" }) -join "`n" }

# The entry names of a zip file.
function Get-ZipEntryNames {
    param([Parameter(Mandatory)] [string] $Path)
    Add-Type -AssemblyName System.IO.Compression
    $stream = [IO.File]::OpenRead($Path)
    try {
        $zip = [IO.Compression.ZipArchive]::new($stream, [IO.Compression.ZipArchiveMode]::Read)
        $names = [Collections.Generic.List[string]]::new()
        foreach ($entry in $zip.Entries) { $names.Add($entry.FullName) }
        $names.Sort([StringComparer]::Ordinal)
        , $names.ToArray()
    }
    finally {
        $stream.Dispose()
    }
}
