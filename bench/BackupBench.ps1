# Figure 12 of Invoke-Benchmarks.ps1: Backup-HeroProject against `zip -r -q` on the same tree.

# A 200 MB project tree of 2,000 files in 40 folders, written once: a third source-like text
# (compresses about 4:1), a third base64 text (about 4:3), a third random bytes (does not compress),
# as a real project mixes code, data and binaries. Slices of three pools keep the writing fast.
function New-BackupBenchTree {
    param([Parameter(Mandatory)] [string] $Path, [long] $TotalBytes = 200MB, [int] $FileCount = 2000)
    $random = [byte[]]::new(64MB)
    [Security.Cryptography.RandomNumberGenerator]::Fill($random)
    $base64 = [Text.Encoding]::ASCII.GetBytes([Convert]::ToBase64String($random, 0, 48MB, 'InsertLineBreaks'))
    $lines = [Text.StringBuilder]::new()
    $n = 0
    while ($lines.Length -lt 64MB) {
        $n++
        $null = $lines.AppendLine("export function handler$n(request) { return { status: 200, id: $n, body: JSON.stringify(request.body ?? null) }; } // item $($n % 977)")
    }
    $source = [Text.Encoding]::ASCII.GetBytes($lines.ToString())
    $pools = $source, $base64, $random
    $size = [int]($TotalBytes / $FileCount)
    for ($i = 0; $i -lt $FileCount; $i++) {
        $folder = [IO.Path]::Combine($Path, "pkg$($i % 40)")
        if ($i -lt 40) { $null = [IO.Directory]::CreateDirectory($folder) }
        $pool = $pools[$i % 3]
        $offset = ($i * 7919L * 4096) % ($pool.Length - $size)
        $stream = [IO.File]::Create([IO.Path]::Combine($folder, "file$i.dat"))
        $stream.Write($pool, [int]$offset, $size)
        $stream.Dispose()
    }
}

function Measure-Backup {
    param([Parameter(Mandatory)] [string] $Work, [int] $Repeat = 3)
    $zipCommand = Get-Command zip -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if (-not $zipCommand) { throw 'Figure 12 needs zip (apt-get install zip).' }
    $tree = Join-Path $Work 'backup-tree'
    New-BackupBenchTree -Path $tree
    $bytes = (Get-ChildItem -LiteralPath $tree -Recurse -File | Measure-Object Length -Sum).Sum
    $zipFile = Join-Path $Work 'anchor.zip'
    $destination = Join-Path $Work 'backup-destination'
    $pair = Measure-Alternating -Repeat $Repeat `
        -Before { param($side) Remove-Item -LiteralPath ($side -eq 0 ? $destination : $zipFile) -Recurse -Force -ErrorAction SilentlyContinue } `
        -First { $null = Backup-HeroProject -Path $tree -Destination $destination -CompressionLevel Optimal -ErrorAction Stop } `
        -Second { & /bin/sh -c "cd '$tree' && '$($zipCommand.Source)' -r -q -6 '$zipFile' ." }
    $heroZip = (Get-ChildItem -LiteralPath $destination -Recurse -Filter project.zip | Select-Object -First 1).Length
    $anchorZip = (Get-Item -LiteralPath $zipFile).Length
    Remove-Item -LiteralPath $tree, $zipFile, $destination -Recurse -Force -ErrorAction SilentlyContinue
    [pscustomobject]@{
        HeroSeconds = $pair.First
        ZipSeconds = $pair.Second
        Bytes = $bytes
        HeroZipBytes = $heroZip
        AnchorZipBytes = $anchorZip
    }
}
