@{
    RootModule = 'Hero.psm1'
    ModuleVersion = '0.1.0'
    GUID = 'f1845878-2870-49fd-90b2-7d6a72859f9b'
    Author = 'Hero maintainers'
    CompanyName = 'Hero'
    Copyright = '(c) Hero maintainers. All rights reserved.'
    Description = 'Run automation safely: deadlines that fire, whole-tree cancellation, retries with backoff and jitter, heartbeats, bounded concurrency, structured logs with correlation ids, measurement, SLO gates and smoke tests with budgets.'
    PowerShellVersion = '5.1'
    CompatiblePSEditions = @('Core', 'Desktop')
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess = @('Hero.Format.ps1xml')
    FunctionsToExport = @()
    CmdletsToExport = @(
        'Backup-HeroProject'
        'Get-HeroCircuit'
        'Get-HeroLog'
        'Get-HeroLogging'
        'Import-HeroBudget'
        'Invoke-HeroRetry'
        'Invoke-HeroSmokeTest'
        'Invoke-HeroTask'
        'Measure-HeroTask'
        'New-HeroCorrelationId'
        'New-HeroTask'
        'Register-HeroSecret'
        'Restore-HeroBackup'
        'Set-HeroLogging'
        'Start-HeroHeartbeat'
        'Stop-HeroHeartbeat'
        'Test-HeroHealth'
        'Test-HeroSlo'
        'Update-HeroHeartbeat'
        'Write-HeroLog'
    )
    VariablesToExport = @()
    AliasesToExport = @()
    PrivateData = @{
        PSData = @{
            Tags = @('Timeout', 'Retry', 'ProcessTree', 'Automation', 'CI', 'Logging', 'SLO', 'Benchmark', 'Linux', 'Windows', 'macOS')
            ProjectUri = 'https://github.com/hero-automation/hero'
            LicenseUri = 'https://github.com/hero-automation/hero/blob/main/LICENSE'
        }
    }
}
