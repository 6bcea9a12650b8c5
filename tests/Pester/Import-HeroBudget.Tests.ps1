#Requires -Modules Pester
# Import-HeroBudget against real files: each legacy budget shape of research/seed-origin.md section
# 16 (tests/Fixtures/Budgets, with the numbers of that section) with its units normalised, OpenSLO
# into objectives that evaluate, Hero's own .psd1, and bad input named by file, line or field.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Budgets = Join-Path $PSScriptRoot '..' 'Fixtures' 'Budgets'

    function Import-Fixture([string] $Name, [string] $Environment) {
        $objectives = if ($Environment) { Import-HeroBudget (Join-Path $Budgets $Name) -Environment $Environment } else { Import-HeroBudget (Join-Path $Budgets $Name) }
        $byName = @{}
        foreach ($objective in $objectives) { $byName[$objective.Name] = $objective }
        $byName
    }
}

Describe 'slo.config.js as JSON (section 16.1)' {
    BeforeAll { $script:Config = Import-Fixture 'slo.config.json' }

    It 'turns <Name> into <Threshold> on <Task> at <Level>' -ForEach @(
        @{ Name = 'build.p95'; Task = 'build'; Metric = 'Duration'; Threshold = 'p(95) <= 20s'; Level = 'Warning' }
        @{ Name = 'build.p99'; Task = 'build'; Metric = 'Duration'; Threshold = 'p(99) <= 30s'; Level = 'Critical' }
        @{ Name = 'build.maxTime'; Task = 'build'; Metric = 'Duration'; Threshold = 'max <= 45s'; Level = 'Critical' }
        @{ Name = 'build.maxMemory'; Task = 'build'; Metric = 'Memory'; Threshold = 'max <= 4GiB'; Level = 'Critical' }
        @{ Name = 'build.maxRSS'; Task = 'build'; Metric = 'Memory'; Threshold = 'max <= 5GiB'; Level = 'Critical' }
        @{ Name = 'build.maxCPU'; Task = 'build'; Metric = 'Cpu'; Threshold = 'max <= 80%'; Level = 'Warning' }
        @{ Name = 'ci.p95'; Task = 'ci'; Metric = 'Duration'; Threshold = 'p(95) <= 480s'; Level = 'Warning' }
        @{ Name = 'ci.p99'; Task = 'ci'; Metric = 'Duration'; Threshold = 'p(99) <= 720s'; Level = 'Critical' }
        @{ Name = 'ci.testMatrix'; Task = 'testMatrix'; Metric = 'Duration'; Threshold = 'max <= 480s'; Level = 'Error' }
        @{ Name = 'resources.maxRSS'; Task = '*'; Metric = 'Memory'; Threshold = 'max <= 6GiB'; Level = 'Critical' }
        @{ Name = 'resources.maxCPUAverage'; Task = '*'; Metric = 'Cpu'; Threshold = 'avg <= 60%'; Level = 'Warning' }
        @{ Name = 'regression.threshold'; Task = '*'; Metric = 'Duration'; Threshold = 'med <= 1.15 * baseline'; Level = 'Error' }
        @{ Name = 'regression.criticalThreshold'; Task = '*'; Metric = 'Duration'; Threshold = 'med <= 1.25 * baseline'; Level = 'Critical' }
        @{ Name = 'gates.build.time'; Task = 'build'; Metric = 'Duration'; Threshold = 'max <= 30s'; Level = 'Error' }
    ) {
        $objective = $Config[$Name]
        $objective | Should -Not -BeNullOrEmpty
        $objective.Task | Should -Be $Task
        "$($objective.Metric)" | Should -Be $Metric
        $objective.Threshold | Should -Be $Threshold
        "$($objective.Level)" | Should -Be $Level
    }

    It 'applies an environment''s overrides' {
        $development = Import-Fixture 'slo.config.json' 'development'
        $development['build.p95'].Threshold | Should -Be 'p(95) <= 30s'
        $development['ci.p99'].Threshold | Should -Be 'p(99) <= 900s'
        $staging = Import-Fixture 'slo.config.json' 'staging'
        $staging['build.p95'].Threshold | Should -Be 'p(95) <= 25s'
        "$($staging['build.p95'].Level)" | Should -Be 'Error'
    }

    It 'keeps and reports the fields it has no objective for' {
        $verbose = Import-HeroBudget (Join-Path $Budgets 'slo.config.json') -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
        $verbose | Should -Contain 'Kept, no objective: build.maxBundleSize = 512000'
        $verbose | Should -Contain 'Kept, no objective: build.maxHeapSize = 3221225472'
        @($verbose | Where-Object { $_ -like 'Kept, no objective: heroSystem = *' }).Count | Should -Be 1
    }

    It 'completes -Environment from the file' {
        $line = "Import-HeroBudget -Path '$(Join-Path $Budgets 'slo.config.json')' -Environment st"
        $completion = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        @($completion.CompletionMatches.CompletionText) | Should -Be @('staging')
    }
}

Describe '.ci-performance-budgets.json (section 16.2)' {
    It 'reads seconds and megabytes' {
        $budgets = Import-Fixture 'ci-performance-budgets.json'
        $budgets['budgets.build.time.fast'].Task | Should -Be 'build:fast'
        $budgets['budgets.build.time.fast'].Threshold | Should -Be 'max <= 120s'
        $budgets['budgets.build.time.critical'].Task | Should -Be 'build*'
        $budgets['budgets.build.time.critical'].Threshold | Should -Be 'max <= 600s'
        $budgets['budgets.build.memory.max'].Threshold | Should -Be 'max <= 4GiB'
        $budgets['budgets.build.memory.warning'].Threshold | Should -Be 'max <= 3GiB'
        "$($budgets['budgets.build.memory.warning'].Level)" | Should -Be 'Warning'
        $budgets['budgets.test.time.integration'].Threshold | Should -Be 'max <= 120s'
        $budgets.Keys | Should -Not -Contain 'budgets.build.bundle.maxSize'
    }
}

Describe 'Named {time, memory, cpu} budgets (section 16.3)' {
    It 'reads milliseconds, bytes and percent, grouped by category' {
        $named = Import-Fixture 'performance-budgets.json'
        $named['BUILD_SYSTEM_BUDGETS.build.time'].Threshold | Should -Be 'max <= 30s'
        $named['BUILD_SYSTEM_BUDGETS.build.memory'].Threshold | Should -Be 'max <= 512MiB'
        $named['BUILD_SYSTEM_BUDGETS.build.cpu'].Threshold | Should -Be 'max <= 80%'
        $named['BUILD_SYSTEM_BUDGETS.build.time'].Category | Should -Be 'BUILD_SYSTEM_BUDGETS'
        $named['HEALTH_CHECK_BUDGETS.doctorLightweight.time'].Threshold | Should -Be 'max <= 60s'
        $named['HEALTH_CHECK_BUDGETS.doctorLightweight.time'].Task | Should -Be 'doctorLightweight'
        $named['CORE_DEVELOPMENT_BUDGETS.typecheck.time'].Threshold | Should -Be 'max <= 90s'
        $named['CI_PIPELINE_BUDGETS.ciMemory.memory'].Threshold | Should -Be 'max <= 1536MiB'
        $named['HEALTH_CHECK_BUDGETS.guardian.time'].Unknown['owner'] | Should -Be 'ops'
    }
}

Describe 'MAX_* names (section 16.6)' {
    It 'reads the env block of the guardrails workflow' {
        $names = Import-Fixture 'slo-guardrails.yml'
        $names['env.MAX_BUILD_TIME_SECONDS'].Threshold | Should -Be 'max <= 300s'
        $names['env.MAX_BUILD_TIME_SECONDS'].Task | Should -Be 'build'
        $names['env.MAX_RESPONSE_TIME_MS'].Threshold | Should -Be 'max <= 2s'
        $names['env.MIN_AVAILABILITY_PERCENT'].Threshold | Should -Be 'rate >= 99%'
        $names['env.MAX_ERROR_RATE_PERCENT'].Threshold | Should -Be 'rate >= 99%'
        $names.Keys | Should -Not -Contain 'env.MAX_BUNDLE_SIZE_MB'
    }

    It 'reads them from the environment' {
        $saved = $env:MAX_DEPLOY_TIME_MINUTES
        try {
            $env:MAX_DEPLOY_TIME_MINUTES = '5'
            $objective = Import-HeroBudget -FromEnvironment | Where-Object Name -eq 'MAX_DEPLOY_TIME_MINUTES'
            $objective.Threshold | Should -Be 'max <= 300s'
            $objective.Task | Should -Be 'deploy'
        }
        finally { $env:MAX_DEPLOY_TIME_MINUTES = $saved }
    }
}

Describe 'OpenSLO v1' {
    It 'turns op/value/target into percentiles and rates that Test-HeroSlo evaluates' {
        $objectives = Import-HeroBudget (Join-Path $Budgets 'openslo-latency.yaml')
        @($objectives.Threshold) | Should -Be @('p(95) <= 20000ms', 'p(99) < 30000ms', 'rate >= 99%')
        @($objectives.Task | Select-Object -Unique) | Should -Be @('build')

        $runs = Join-Path $TestDrive 'builds.jsonl'
        1..80 | ForEach-Object { '{"name":"build","status":"Succeeded","exitCode":0,"durationMs":' + (1000 + $_) + ',"peakMemoryBytes":null,"cpuTimeMs":null}' } | Set-Content -LiteralPath $runs
        $results = Test-HeroSlo -ResultPath $runs -Objective $objectives -WarningAction SilentlyContinue
        ($results | Where-Object Objective -eq 'build-latency/most').Verdict | Should -Be 'Pass'
        ($results | Where-Object Objective -eq 'build-success').Verdict | Should -Be 'Inconclusive' # 80/80 cannot show 99 % at 95 %
    }

    It 'parses YAML with YamlDotNet loaded in Hero''s own load context' -Skip:($PSVersionTable.PSEdition -ne 'Core') {
        Import-HeroBudget (Join-Path $Budgets 'openslo-latency.yaml') | Out-Null
        $yaml = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'YamlDotNet' }
        @($yaml).Count | Should -Be 1
        [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($yaml).Name | Should -Be 'Hero'
    }

    It 'round-trips Hero objectives written as OpenSLO' {
        $yaml = Join-Path $TestDrive 'roundtrip.yaml'
        @"
apiVersion: openslo/v1
kind: SLO
metadata:
  name: api
  annotations:
    hero/task: 'api-*'
    hero/metric: memory
    hero/unit: MiB
    hero/level: Warning
spec:
  service: shop
  objectives:
    - op: gte
      value: 64
      target: 0.9
"@ | Set-Content -LiteralPath $yaml
        $objective = Import-HeroBudget $yaml
        $objective.Name | Should -Be 'api'
        $objective.Task | Should -Be 'api-*'
        "$($objective.Metric)" | Should -Be 'Memory'
        "$($objective.Level)" | Should -Be 'Warning'
        $objective.Threshold | Should -Be 'p(10) >= 64MiB'
    }
}

Describe 'Hero''s own format' {
    It 'reads a .psd1 of objectives' {
        $psd1 = Join-Path $TestDrive 'slo.psd1'
        "@{ Objectives = @( @{ Name = 'p95'; Task = 'build'; Metric = 'duration'; Threshold = 'p(95) < 20s'; MinSamples = 5 }, @{ Name = 'green'; Metric = 'success'; Threshold = 'rate == 100%'; GroupBy = 'None' } ) }" | Set-Content -LiteralPath $psd1
        $objectives = Import-HeroBudget $psd1
        $objectives.Count | Should -Be 2
        $objectives[0].MinSamples | Should -Be 5
        "$($objectives[1].GroupBy)" | Should -Be 'None'
    }
}

Describe 'Bad input' {
    It 'names the file and field of a wrong type' {
        $json = Join-Path $TestDrive 'wrong.json'
        '{ "budgets": { "build": { "time": { "fast": "quick" } } } }' | Set-Content -LiteralPath $json
        { Import-HeroBudget $json -ErrorAction Stop } | Should -Throw -ErrorId 'HeroBudgetInvalid*' -ExpectedMessage "'$json': budgets.build.time.fast: expected a number, found the text 'quick'."
    }

    It 'names the line and column of a YAML syntax error' {
        $yaml = Join-Path $TestDrive 'broken.yaml'
        "apiVersion: openslo/v1`nkind: SLO`nmetadata:`n  name: x`n bad: indent" | Set-Content -LiteralPath $yaml
        { Import-HeroBudget $yaml -ErrorAction Stop } | Should -Throw -ErrorId 'HeroBudgetInvalid*' -ExpectedMessage "'$yaml', line 5, column 2: not valid YAML*"
    }

    It 'never runs JavaScript' {
        $js = Join-Path $TestDrive 'slo.config.js'
        "module.exports = { build: { p95: 20000 } }; require('child_process').execSync('touch $TestDrive/ran')" | Set-Content -LiteralPath $js
        { Import-HeroBudget $js -ErrorAction Stop } | Should -Throw -ExpectedMessage '*JavaScript is never executed*'
        Test-Path (Join-Path $TestDrive 'ran') | Should -BeFalse
    }

    It 'says which environments a file has' {
        { Import-HeroBudget (Join-Path $Budgets 'slo.config.json') -Environment qa -ErrorAction Stop } |
            Should -Throw -ExpectedMessage "*there is no environment 'qa'; the file has development, staging, production*"
    }

    It 'refuses a missing file' {
        { Import-HeroBudget (Join-Path $TestDrive 'nope.json') -ErrorAction Stop } | Should -Throw -ErrorId 'HeroBudgetNotFound*'
    }
}
