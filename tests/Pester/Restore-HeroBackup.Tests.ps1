#Requires -Modules Pester
# Restores: hashes checked before anything is written, the destination must be empty, nothing is
# ever written outside it, and the tree comes back as it was (history included).

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    . (Join-Path $PSScriptRoot 'BackupFixtures.ps1')

    # A backup folder made by hand around a zip the test builds itself: what a damaged or hostile
    # archive looks like to the restore.
    function New-HandMadeBackup {
        param([string] $Folder, [hashtable] $Entries)
        New-Item -ItemType Directory -Path $Folder -Force | Out-Null
        $zipPath = Join-Path $Folder 'project.zip'
        $stream = [IO.File]::Create($zipPath)
        $zip = [IO.Compression.ZipArchive]::new($stream, [IO.Compression.ZipArchiveMode]::Create)
        foreach ($name in $Entries.Keys) {
            $writer = [IO.StreamWriter]::new($zip.CreateEntry($name).Open())
            $writer.Write($Entries[$name])
            $writer.Dispose()
        }
        $zip.Dispose()
        $stream.Dispose()
        $hash = (Get-FileHash -LiteralPath $zipPath -Algorithm SHA256).Hash.ToLowerInvariant()
        @{
            version = 1; ok = $true; startedAt = '2026-01-01T00:00:00.000Z'; finishedAt = '2026-01-01T00:00:01.000Z'; durationMs = 1000
            source = '/elsewhere'; folder = '2026-01-01/000000'; files = $Entries.Count; bytes = 0
            artifacts = @(
                @{ type = 'project'; ok = $true; skipped = $false; path = 'project.zip'; reason = $null; bytes = (Get-Item $zipPath).Length; sha256 = $hash }
                @{ type = 'git'; ok = $false; skipped = $true; path = $null; reason = 'not a repository'; bytes = $null; sha256 = $null }
            )
            problems = @()
        } | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath (Join-Path $Folder 'backup.json')
        $Folder
    }
}

Describe 'Restore-HeroBackup' {
    BeforeAll {
        $repo = New-TestRepository -Path (Join-Path $TestDrive 'app') -FileCount 5
        Invoke-TestGit $repo checkout -q -b feature | Out-Null
        Set-Content -LiteralPath (Join-Path $repo 'src' 'feature.txt') -Value 'on a branch'
        Invoke-TestGit $repo add -A | Out-Null
        Invoke-TestGit $repo commit -q -m 'feature' | Out-Null
        Invoke-TestGit $repo tag v1 | Out-Null
        Invoke-TestGit $repo checkout -q main | Out-Null
        Remove-Item -LiteralPath (Join-Path $repo 'src' 'file2.txt')
        Set-Content -LiteralPath (Join-Path $repo 'src' 'file1.txt') -Value 'changed, not committed'
        Set-Content -LiteralPath (Join-Path $repo 'notes.txt') -Value 'untracked'
        $backup = Backup-HeroProject -Path $repo
    }

    It 'restores the newest backup of a destination: branches, tags, HEAD and the working tree as it was' {
        $target = Join-Path $TestDrive 'from-destination'
        $result = Restore-HeroBackup -Path (Join-Path $repo '.backups') -Destination $target
        $result.Path | Should -Be $backup.Path
        $result.Verified | Should -Be @('project.zip', 'repo.bundle')
        $result.Head | Should -Be (Invoke-TestGit $repo rev-parse HEAD).Trim()
        $result.Branches | Should -Be 2
        (Invoke-TestGit $target tag) | Should -Be 'v1'
        (Invoke-TestGit $target rev-parse feature) | Should -Be (Invoke-TestGit $repo rev-parse feature)
        (Invoke-TestGit $target remote) | Should -BeNullOrEmpty
        $result.Deleted | Should -Be 1
        Format-TreeHashes (Get-TreeHashes $target -Skip '.git/') | Should -BeExactly (Format-TreeHashes (Get-TreeHashes $repo -Skip '.git/', '.backups/'))
        (Invoke-TestGit $target status --porcelain) -join '|' | Should -BeExactly ((Invoke-TestGit $repo status --porcelain | Where-Object { $_ -notmatch '\.backups' }) -join '|')
    }

    It 'takes a backup result from the pipeline' {
        $target = Join-Path $TestDrive 'piped'
        ($backup | Restore-HeroBackup -Destination $target).Files | Should -Be $backup.Files
    }

    It 'refuses a destination that is not empty, before anything is written' {
        $target = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'busy') -Force
        Set-Content -LiteralPath (Join-Path $target 'keep.txt') -Value 'mine'
        { Restore-HeroBackup -Path $backup.Path -Destination $target } | Should -Throw -ErrorId 'HeroRestoreInvalidParameter,*' -ExpectedMessage '*-Destination*not empty*'
        @(Get-ChildItem -LiteralPath $target -Force).Name | Should -Be 'keep.txt'
    }

    It 'refuses a folder that is not a backup' {
        { Restore-HeroBackup -Path $repo -Destination (Join-Path $TestDrive 'nothing') } | Should -Throw -ErrorId 'HeroRestoreInvalidParameter,*' -ExpectedMessage '*-Path*not a backup folder*'
    }

    It 'refuses an artifact whose hash does not match, and writes nothing' {
        $damaged = Join-Path $TestDrive 'damaged'
        Copy-Item -LiteralPath $backup.Path -Destination $damaged -Recurse
        $bytes = [IO.File]::ReadAllBytes((Join-Path $damaged 'repo.bundle'))
        $bytes[$bytes.Length - 5] = $bytes[$bytes.Length - 5] -bxor 0xFF
        [IO.File]::WriteAllBytes((Join-Path $damaged 'repo.bundle'), $bytes)
        $target = Join-Path $TestDrive 'not-restored'
        $result = Restore-HeroBackup -Path $damaged -Destination $target -ErrorVariable failed -ErrorAction SilentlyContinue
        $result | Should -BeNullOrEmpty
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'HeroRestoreFailed,*'
        "$($failed[0])" | Should -Match 'repo\.bundle does not match the backup''s record'
        Test-Path -LiteralPath $target | Should -BeFalse
    }

    It 'never writes outside the destination, whatever the archive says' {
        $evil = New-HandMadeBackup -Folder (Join-Path $TestDrive 'evil') -Entries @{ '../escaped.txt' = 'out'; 'ok/inside.txt' = 'in' }
        $target = Join-Path $TestDrive 'evil-target'
        $result = Restore-HeroBackup -Path $evil -Destination $target
        Test-Path -LiteralPath (Join-Path $TestDrive 'escaped.txt') | Should -BeFalse
        Get-Content -LiteralPath (Join-Path $target 'ok' 'inside.txt') | Should -Be 'in'
        $result.Problems.Path | Should -Be '../escaped.txt'
        $result.Head | Should -BeNullOrEmpty
    }

    It 'shows what it would do with -WhatIf, and does nothing' {
        $target = Join-Path $TestDrive 'whatif'
        Restore-HeroBackup -Path $backup.Path -Destination $target -WhatIf | Should -BeNullOrEmpty
        Test-Path -LiteralPath $target | Should -BeFalse
    }
}
