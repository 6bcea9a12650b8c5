#Requires -Modules Pester
# Backups of real repositories: what the archive holds, the bundle, meta/last.json, retention, the lock,
# and a git that fails.

BeforeDiscovery {
    $script:OnUnix = -not $IsWindows
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    . (Join-Path $PSScriptRoot 'BackupFixtures.ps1')

    # A repository whose git objects are damaged: every `git bundle create` fails.
    function New-CorruptRepository {
        param([string] $Path)
        $repo = New-TestRepository -Path $Path -FileCount 5
        $blob = (Invoke-TestGit $repo rev-parse HEAD:README.md).Trim()
        Remove-Item -LiteralPath (Join-Path $repo '.git' 'objects' $blob.Substring(0, 2) $blob.Substring(2)) -Force
        $repo
    }
}

Describe 'A backup of a real project' -Skip:(-not $OnUnix) {
    BeforeAll {
        $outside = New-Item -ItemType File -Path (Join-Path $TestDrive 'outside-secret.txt') -Value 'not part of the project' -Force
        $repo = New-LargeTestRepository -Path (Join-Path $TestDrive 'shop')
        Set-Content -LiteralPath (Join-Path $repo '.gitignore') -Value 'node_modules/', '.env*', '*.log', 'out-link', '0-big/', '.backups/'
        $modules = New-Item -ItemType Directory -Path (Join-Path $repo 'node_modules' 'left-pad' 'lib') -Force
        1..30 | ForEach-Object { [IO.File]::WriteAllText((Join-Path $modules "m$_.js"), "module $_") }
        Set-Content -LiteralPath (Join-Path $repo '.env') -Value 'DB_PASSWORD=hunter2'
        Set-Content -LiteralPath (Join-Path $repo '.env.local') -Value 'API_TOKEN=abc'
        Set-Content -LiteralPath (Join-Path $repo 'debug.log') -Value 'noise'
        New-Item -ItemType Directory -Path (Join-Path $repo '.github' 'workflows') -Force | Out-Null
        Set-Content -LiteralPath (Join-Path $repo '.github' 'workflows' 'ci.yml') -Value 'on: push'
        Set-Content -LiteralPath (Join-Path $repo 'build-tools.js') -Value '// kept: not the build folder'
        New-Item -ItemType SymbolicLink -Path (Join-Path $repo 'out-link') -Target $outside.FullName | Out-Null
        New-Item -ItemType SymbolicLink -Path (Join-Path $repo 'readme-link') -Target 'README.md' | Out-Null
        New-Item -ItemType Directory -Path (Join-Path $repo 'zz') | Out-Null
        Set-Content -LiteralPath (Join-Path $repo 'zz' 'late.txt') -Value 'deleted while the backup runs'

        # Incompressible data that sorts first: the archive is busy with it while the test deletes
        # zz/late.txt, which the walk has listed but the archive has not read yet.
        $big = New-Item -ItemType Directory -Path (Join-Path $repo '0-big')
        $bytes = [byte[]]::new(24MB)
        [Security.Cryptography.RandomNumberGenerator]::Fill($bytes)
        [IO.File]::WriteAllBytes((Join-Path $big 'blob.bin'), $bytes)
        Invoke-TestGit $repo add -A | Out-Null
        Invoke-TestGit $repo commit -q -m 'second' | Out-Null
        'uncommitted change' | Add-Content -LiteralPath (Join-Path $repo 'src' 'part00' 'file0000.txt')
        Set-Content -LiteralPath (Join-Path $repo 'untracked.txt') -Value 'new, not committed'

        $ps = [powershell]::Create()
        $null = $ps.AddScript({
                param($module, $repo)
                Import-Module $module
                Backup-HeroProject -Path $repo -WarningAction SilentlyContinue
            }).AddArgument($ModuleManifest).AddArgument($repo)
        $async = $ps.BeginInvoke()
        $partial = Wait-Until { [bool](Get-ChildItem -LiteralPath (Join-Path $repo '.backups') -Recurse -Filter 'project.zip.partial' -ErrorAction SilentlyContinue) } -TimeoutSeconds 30
        Remove-Item -LiteralPath (Join-Path $repo 'zz' 'late.txt')
        $result = $ps.EndInvoke($async) | Select-Object -Last 1
        $ps.Dispose()
        $zip = Join-Path $result.Path 'project.zip'
        $bundle = Join-Path $result.Path 'repo.bundle'
    }

    It 'succeeds, with both artifacts' {
        $partial | Should -BeTrue
        $result.Ok | Should -BeTrue
        ($result.Artifacts | Where-Object Type -EQ 'project').Ok | Should -BeTrue
        ($result.Artifacts | Where-Object Type -EQ 'git').Ok | Should -BeTrue
        $result.Path | Should -Match ([regex]::Escape((Join-Path $repo '.backups')) + '/\d{4}-\d{2}-\d{2}/\d{6}$')
    }

    It 'archives exactly the expected entries, with relative paths' {
        $expected = @((Get-TreeHashes $repo -Skip '.git/', 'node_modules/', '.env', '.env.local', 'debug.log', 'out-link', '.backups/').Keys)
        $entries = Get-ZipEntryNames $zip
        $entries.Count | Should -Be 2007
        ($entries -join "`n") | Should -BeExactly ($expected -join "`n")
        $entries | Should -Contain '.github/workflows/ci.yml'
        $entries | Should -Contain 'build-tools.js'
        $entries | Should -Not -Contain 'zz/late.txt'
        $entries | Where-Object { $_ -match '^/|\\|(^|/)\.\.(/|$)' } | Should -BeNullOrEmpty
    }

    It 'reports the file deleted during the run and the link out of the tree, and goes on' {
        ($result.Problems | Where-Object Path -EQ 'zz/late.txt').Kind | Should -Be 'Vanished'
        ($result.Problems | Where-Object Path -EQ 'out-link').Kind | Should -Be 'LinkOutsideTree'
        $result.Files | Should -Be 2007
    }

    It 'never copies the secrets, neither their names nor their contents' {
        $stream = [IO.File]::OpenRead($zip)
        try {
            $archive = [IO.Compression.ZipArchive]::new($stream, [IO.Compression.ZipArchiveMode]::Read)
            $leaks = foreach ($entry in $archive.Entries) {
                if ($entry.FullName -match '(^|/)\.env') { $entry.FullName; continue }
                if ($entry.Length -gt 1MB) { continue }
                $reader = [IO.StreamReader]::new($entry.Open())
                if ($reader.ReadToEnd() -match 'hunter2|API_TOKEN') { $entry.FullName }
                $reader.Dispose()
            }
        }
        finally {
            $stream.Dispose()
        }
        $leaks | Should -BeNullOrEmpty
    }

    It 'makes a bundle that verifies and clones to the same HEAD' {
        Invoke-TestGit $repo bundle verify $bundle | Out-Null
        $clone = Join-Path $TestDrive 'clone'
        & git clone -q --bare $bundle $clone 2>&1 | Out-Null
        $LASTEXITCODE | Should -Be 0
        (Invoke-TestGit $clone rev-parse HEAD) | Should -Be (Invoke-TestGit $repo rev-parse HEAD)
    }

    It 'writes a valid meta/last.json: ok, relative paths, sizes and hashes that match' {
        $last = Get-Content -LiteralPath (Join-Path $repo '.backups' 'meta' 'last.json') -Raw | ConvertFrom-Json
        $last.ok | Should -BeTrue
        [DateTime]::Parse($last.finishedAt).ToUniversalTime() | Should -BeGreaterOrEqual ([DateTime]::Parse($last.startedAt).ToUniversalTime())
        $last.durationMs | Should -BeGreaterOrEqual 0
        $last.artifacts.Count | Should -Be 2
        foreach ($artifact in $last.artifacts) {
            $artifact.ok | Should -BeTrue
            [IO.Path]::IsPathRooted($artifact.path) | Should -BeFalse
            $file = Join-Path $repo '.backups' $artifact.path
            (Get-Item -LiteralPath $file).Length | Should -Be $artifact.bytes
            (Get-FileHash -LiteralPath $file -Algorithm SHA256).Hash.ToLowerInvariant() | Should -Be $artifact.sha256
        }
    }

    It 'restores to the same tree and the same HEAD' {
        $restored = Join-Path $TestDrive 'restored'
        $restore = Restore-HeroBackup -Path $result.Path -Destination $restored
        $restore.Head | Should -Be (Invoke-TestGit $repo rev-parse HEAD).Trim()
        $expected = Get-TreeHashes $repo -Skip '.git/', 'node_modules/', '.env', '.env.local', 'debug.log', 'out-link', '.backups/'
        $actual = Get-TreeHashes $restored -Skip '.git/'
        $actual.Count | Should -Be 2007
        Format-TreeHashes $actual | Should -BeExactly (Format-TreeHashes $expected)
        (Invoke-TestGit $restored status --porcelain) -join "`n" | Should -Match 'src/part00/file0000.txt'
    }
}

Describe 'Retention and the lock' {
    It 'keeps exactly the newest 10 of 12 runs and leaves an unrelated folder alone' {
        $repo = New-TestRepository -Path (Join-Path $TestDrive 'small') -FileCount 3
        $destination = Join-Path $TestDrive 'retained'
        $unrelated = New-Item -ItemType Directory -Path (Join-Path $destination '2020-01-01' '120000') -Force
        Set-Content -LiteralPath (Join-Path $unrelated 'notes.txt') -Value 'mine'
        $notes = New-Item -ItemType Directory -Path (Join-Path $destination 'notes') -Force
        $runs = foreach ($i in 1..12) { Backup-HeroProject -Path $repo -Destination $destination -MaxBackups 10 }
        $kept = @(Get-ChildItem -LiteralPath $destination -Directory | Where-Object Name -Match '^\d{4}-' |
                Get-ChildItem -Directory | Where-Object { Test-Path (Join-Path $_.FullName '.hero-backup') })
        $kept.Count | Should -Be 10
        ($kept.FullName | Sort-Object) | Should -Be ($runs[2..11].Path | Sort-Object)
        Test-Path -LiteralPath $runs[0].Path | Should -BeFalse
        Test-Path -LiteralPath $runs[1].Path | Should -BeFalse
        Test-Path -LiteralPath (Join-Path $unrelated 'notes.txt') | Should -BeTrue
        Test-Path -LiteralPath $notes.FullName | Should -BeTrue
        ($runs | ForEach-Object { $_.Removed }) | Should -HaveCount 2
    }

    It 'fails a second concurrent run fast with a lock error naming the holder' {
        $slow = New-CorruptRepository -Path (Join-Path $TestDrive 'slow')
        $other = New-TestRepository -Path (Join-Path $TestDrive 'other') -FileCount 3
        $destination = Join-Path $TestDrive 'shared'
        $lock = Join-Path $destination 'meta' 'backup.lock'
        $ps = [powershell]::Create()
        try {
            # git fails and is retried with waits in between: the first run holds the lock for seconds.
            $null = $ps.AddScript({
                    param($module, $repo, $destination)
                    Import-Module $module
                    Backup-HeroProject -Path $repo -Destination $destination -GitRetryCount 2 -GitRetryDelay 1.5 -ErrorAction SilentlyContinue
                }).AddArgument($ModuleManifest).AddArgument($slow).AddArgument($destination)
            $async = $ps.BeginInvoke()
            Wait-Until { Test-Path -LiteralPath $lock } -TimeoutSeconds 20 | Should -BeTrue
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $second = Backup-HeroProject -Path $other -Destination $destination -ErrorVariable lockError -ErrorAction SilentlyContinue
            $clock.Stop()
            $second | Should -BeNullOrEmpty
            $lockError[0].FullyQualifiedErrorId | Should -BeLike 'HeroBackupLocked,*'
            "$($lockError[0])" | Should -Match "process $PID on "
            "$($lockError[0])" | Should -Match ([regex]::Escape($slow))
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 2
            $async.IsCompleted | Should -BeFalse
            $first = $ps.EndInvoke($async) | Select-Object -Last 1
            $first.Ok | Should -BeFalse
        }
        finally {
            $ps.Dispose()
        }
        Test-Path -LiteralPath $lock | Should -BeFalse
    }

    It 'ends within grace + 1 s on Ctrl+C, removing the unfinished backup and its lock' {
        $slow = New-CorruptRepository -Path (Join-Path $TestDrive 'interrupted')
        $destination = Join-Path $TestDrive 'interrupted-backups'
        $lock = Join-Path $destination 'meta' 'backup.lock'
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                    param($module, $repo, $destination)
                    Import-Module $module
                    Backup-HeroProject -Path $repo -Destination $destination -GitRetryCount 5 -GitRetryDelay 5 -GracePeriod 1
                }).AddArgument($ModuleManifest).AddArgument($slow).AddArgument($destination)
            $async = $ps.BeginInvoke()
            Wait-Until { Test-Path -LiteralPath $lock } -TimeoutSeconds 20 | Should -BeTrue
            Start-Sleep -Milliseconds 500
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $clock.Elapsed.TotalSeconds | Should -BeLessThan (1 + 1 + 1)
            $async.IsCompleted | Should -BeTrue
        }
        finally {
            $ps.Dispose()
        }
        Test-Path -LiteralPath $lock | Should -BeFalse
        @(Get-ChildItem -LiteralPath $destination -Directory | Where-Object Name -Match '^\d{4}-' | Get-ChildItem -Directory) | Should -BeNullOrEmpty
    }

    It 'takes over a lock whose process is gone, with a warning' {
        $repo = New-TestRepository -Path (Join-Path $TestDrive 'stale') -FileCount 3
        $destination = Join-Path $TestDrive 'stale-backups'
        $gone = Start-Process -FilePath git -ArgumentList '--version' -PassThru -RedirectStandardOutput (Join-Path $TestDrive 'git-version.txt')
        $gone.WaitForExit()
        New-Item -ItemType Directory -Path (Join-Path $destination 'meta') -Force | Out-Null
        @{ pid = $gone.Id; processStartTime = '2001-01-01T00:00:00.000Z'; host = [Environment]::MachineName; startedAt = '2001-01-01T00:00:00.000Z'; source = '/elsewhere' } |
            ConvertTo-Json | Set-Content -LiteralPath (Join-Path $destination 'meta' 'backup.lock')
        $result = Backup-HeroProject -Path $repo -Destination $destination -WarningVariable warnings -WarningAction SilentlyContinue
        $result.Ok | Should -BeTrue
        "$warnings" | Should -Match "stale backup lock: process $($gone.Id)"
    }
}

Describe 'A backup where git fails' {
    It 'is not ok, says why in the artifact, writes HeroBackupFailed, and still has the complete zip' {
        $repo = New-CorruptRepository -Path (Join-Path $TestDrive 'corrupt')
        $result = Backup-HeroProject -Path $repo -GitRetryCount 0 -ErrorVariable failed -ErrorAction SilentlyContinue
        $result.Ok | Should -BeFalse
        $git = $result.Artifacts | Where-Object Type -EQ 'git'
        $git.Ok | Should -BeFalse
        $git.Reason | Should -Match 'git bundle create failed with exit code \d+'
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'HeroBackupFailed,*'
        $failed[0].TargetObject | Should -Be $result
        $last = Get-Content -LiteralPath (Join-Path $repo '.backups' 'meta' 'last.json') -Raw | ConvertFrom-Json
        $last.ok | Should -BeFalse
        ($last.artifacts | Where-Object type -EQ 'git').reason | Should -Be $git.Reason
        (Get-ZipEntryNames (Join-Path $result.Path 'project.zip')) -join "`n" | Should -BeExactly (@((Get-TreeHashes $repo -Skip '.git/', '.backups/').Keys) -join "`n")
    }

    It 'skips the bundle, with a reason, outside a repository, and is still ok' {
        $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'plain' 'docs') -Force
        Set-Content -LiteralPath (Join-Path $folder 'a.txt') -Value 'a'
        $result = Backup-HeroProject -Path $folder.Parent.FullName
        $result.Ok | Should -BeTrue
        $git = $result.Artifacts | Where-Object Type -EQ 'git'
        $git.Skipped | Should -BeTrue
        $git.Reason | Should -Match 'not in a git repository'
    }

    It 'creates nothing with -WhatIf' {
        $repo = New-TestRepository -Path (Join-Path $TestDrive 'whatif') -FileCount 3
        Backup-HeroProject -Path $repo -WhatIf | Should -BeNullOrEmpty
        Test-Path -LiteralPath (Join-Path $repo '.backups') | Should -BeFalse
    }
}
