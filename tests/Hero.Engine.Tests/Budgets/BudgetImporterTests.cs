using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Hero.Budgets;

namespace Hero.Tests.Budgets;

/// <summary>Every budget shape Import-HeroBudget reads, with the numbers of the legacy files
/// (research/seed-origin.md section 16) and their units normalised.</summary>
public sealed class BudgetImporterTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Budgets", name);

    private static BudgetImport Import(string name, string? environment = null) =>
        BudgetImporter.Import(Fixture(name), BudgetImporter.ReadDocuments(Fixture(name)), environment);

    private static Dictionary<string, HeroSloObjective> ByName(BudgetImport import) => import.Objectives.ToDictionary(o => o.Name);

    [Fact]
    public void SloConfigBuildCiAndResources()
    {
        BudgetImport import = Import("slo.config.json");
        Assert.Equal("SloConfig", import.Format);
        Dictionary<string, HeroSloObjective> o = ByName(import);
        Assert.Equal(("build", HeroSloMetric.Duration, "p(95) <= 20s", HeroSloLevel.Warning), (o["build.p95"].Task, o["build.p95"].Metric, o["build.p95"].Threshold, o["build.p95"].Level));
        Assert.Equal(("p(99) <= 30s", HeroSloLevel.Critical), (o["build.p99"].Threshold, o["build.p99"].Level));
        Assert.Equal("max <= 45s", o["build.maxTime"].Threshold);
        Assert.Equal((HeroSloMetric.Memory, "max <= 4GiB"), (o["build.maxMemory"].Metric, o["build.maxMemory"].Threshold));
        Assert.Equal("max <= 5GiB", o["build.maxRSS"].Threshold);
        Assert.Equal((HeroSloMetric.Cpu, "max <= 80%", HeroSloLevel.Warning), (o["build.maxCPU"].Metric, o["build.maxCPU"].Threshold, o["build.maxCPU"].Level));
        Assert.Equal(("max <= 95%", HeroSloLevel.Critical), (o["build.maxCPUBurst"].Threshold, o["build.maxCPUBurst"].Level));
        Assert.Equal(("ci", "p(95) <= 480s"), (o["ci.p95"].Task, o["ci.p95"].Threshold));
        Assert.Equal("max <= 900s", o["ci.maxTime"].Threshold);
        Assert.Equal(("preflight", "max <= 120s"), (o["ci.preflight"].Task, o["ci.preflight"].Threshold));
        Assert.Equal("max <= 1200s", o["ci.buildProduction"].Threshold);
        Assert.Equal(("*", "max <= 6GiB"), (o["resources.maxRSS"].Task, o["resources.maxRSS"].Threshold));
        Assert.Equal(("avg <= 60%", HeroSloLevel.Warning), (o["resources.maxCPUAverage"].Threshold, o["resources.maxCPUAverage"].Level));
        Assert.DoesNotContain("build.maxHeapSize", o.Keys);
        Assert.DoesNotContain("ci.maxParallelJobs", o.Keys);
        Assert.Contains(import.Unknown, u => u.Key == "build.maxBundleSize" && (double)u.Value! == 512000);
        Assert.Contains(import.Unknown, u => u.Key == "heroSystem");
        Assert.Contains(import.Unknown, u => u.Key == "monitoring");
        Assert.Contains(import.Unknown, u => u.Key == "regression.historySize");
    }

    [Fact]
    public void SloConfigRegressionGatesAndEnforcement()
    {
        Dictionary<string, HeroSloObjective> o = ByName(Import("slo.config.json"));
        Assert.Equal(("med <= 1.1 * baseline", HeroSloLevel.Warning, 3), (o["regression.warningThreshold"].Threshold, o["regression.warningThreshold"].Level, o["regression.warningThreshold"].MinSamples));
        Assert.Equal(("med <= 1.15 * baseline", HeroSloLevel.Error), (o["regression.threshold"].Threshold, o["regression.threshold"].Level));
        Assert.Equal(("med <= 1.25 * baseline", HeroSloLevel.Critical), (o["regression.criticalThreshold"].Threshold, o["regression.criticalThreshold"].Level));
        Assert.Equal(("build", "max <= 30s"), (o["gates.build.time"].Task, o["gates.build.time"].Threshold));
        Assert.Equal("max <= 4GiB", o["gates.build.memory"].Threshold);
        Assert.Equal(("ci", "max <= 720s"), (o["gates.ci.time"].Task, o["gates.ci.time"].Threshold));
        Assert.Equal(("*", "max <= 80%"), (o["gates.resources.cpu"].Task, o["gates.resources.cpu"].Threshold));
        Assert.Equal((HeroSloMetric.Memory, "med <= 1.2 * baseline"), (o["gates.regression.memory"].Metric, o["gates.regression.memory"].Threshold));
        Assert.DoesNotContain("gates.build.bundle", o.Keys);
    }

    [Fact]
    public void SloConfigEnvironmentsOverrideTheTopLevel()
    {
        Dictionary<string, HeroSloObjective> development = ByName(Import("slo.config.json", "development"));
        Assert.Equal("p(95) <= 30s", development["build.p95"].Threshold);
        Assert.Equal("p(99) <= 45s", development["build.p99"].Threshold);
        Assert.Equal("p(95) <= 600s", development["ci.p95"].Threshold);
        Assert.Equal(HeroSloLevel.Warning, development["build.p95"].Level);

        Dictionary<string, HeroSloObjective> staging = ByName(Import("slo.config.json", "staging"));
        Assert.Equal("p(95) <= 25s", staging["build.p95"].Threshold);
        Assert.Equal("p(99) <= 840s", staging["ci.p99"].Threshold);
        Assert.Equal(HeroSloLevel.Error, staging["build.p95"].Level); // failOnWarning

        var error = Assert.Throws<HeroFileFormatException>(() => Import("slo.config.json", "qa"));
        Assert.Contains("development, staging, production", error.Message);
    }

    [Fact]
    public void CiPerformanceBudgetsInSecondsAndMegabytes()
    {
        BudgetImport import = Import("ci-performance-budgets.json");
        Assert.Equal("CiPerformanceBudgets", import.Format);
        Dictionary<string, HeroSloObjective> o = ByName(import);
        Assert.Equal(("build:fast", "max <= 120s", HeroSloLevel.Error), (o["budgets.build.time.fast"].Task, o["budgets.build.time.fast"].Threshold, o["budgets.build.time.fast"].Level));
        Assert.Equal(("build:memory", "max <= 180s"), (o["budgets.build.time.memory"].Task, o["budgets.build.time.memory"].Threshold));
        Assert.Equal("max <= 300s", o["budgets.build.time.optimized"].Threshold);
        Assert.Equal(("build*", "max <= 600s", HeroSloLevel.Critical), (o["budgets.build.time.critical"].Task, o["budgets.build.time.critical"].Threshold, o["budgets.build.time.critical"].Level));
        Assert.Equal(("build*", HeroSloMetric.Memory, "max <= 4GiB", HeroSloLevel.Error), (o["budgets.build.memory.max"].Task, o["budgets.build.memory.max"].Metric, o["budgets.build.memory.max"].Threshold, o["budgets.build.memory.max"].Level));
        Assert.Equal(("max <= 3GiB", HeroSloLevel.Warning), (o["budgets.build.memory.warning"].Threshold, o["budgets.build.memory.warning"].Level));
        Assert.Equal(("test:unit", "max <= 60s"), (o["budgets.test.time.unit"].Task, o["budgets.test.time.unit"].Threshold));
        Assert.Equal("max <= 30s", o["budgets.test.time.smoke"].Threshold);
        Assert.Equal(10, import.Objectives.Count);
        Assert.Contains(import.Unknown, u => u.Key == "budgets.build.bundle");
        Assert.Contains(import.Unknown, u => u.Key == "budgets.overall.totalTime");
        Assert.Contains(import.Unknown, u => u.Key == "thresholds");
    }

    [Fact]
    public void NamedBudgetsGroupedByCategory()
    {
        BudgetImport import = Import("performance-budgets.json");
        Assert.Equal("NamedBudgets", import.Format);
        Dictionary<string, HeroSloObjective> o = ByName(import);
        HeroSloObjective time = o["BUILD_SYSTEM_BUDGETS.build.time"];
        Assert.Equal(("build", HeroSloMetric.Duration, "max <= 30s", "BUILD_SYSTEM_BUDGETS", "Standard build"), (time.Task, time.Metric, time.Threshold, time.Category, time.Description));
        Assert.Equal("max <= 512MiB", o["BUILD_SYSTEM_BUDGETS.build.memory"].Threshold);
        Assert.Equal((HeroSloMetric.Cpu, "max <= 80%"), (o["BUILD_SYSTEM_BUDGETS.build.cpu"].Metric, o["BUILD_SYSTEM_BUDGETS.build.cpu"].Threshold));
        Assert.Equal("max <= 15s", o["BUILD_SYSTEM_BUDGETS.buildFast.time"].Threshold);
        Assert.Equal("max <= 1GiB", o["BUILD_SYSTEM_BUDGETS.buildMemory.memory"].Threshold);
        Assert.Equal("max <= 120s", o["HEALTH_CHECK_BUDGETS.doctor.time"].Threshold);
        Assert.Equal("max <= 64MiB", o["CORE_DEVELOPMENT_BUDGETS.lintFast.memory"].Threshold);
        Assert.Equal("max <= 1536MiB", o["CI_PIPELINE_BUDGETS.ciMemory.memory"].Threshold);
        Assert.Equal("ops", o["HEALTH_CHECK_BUDGETS.guardian.time"].Unknown["owner"]);
        Assert.Equal(16 * 3, import.Objectives.Count);
    }

    [Fact]
    public void FlatNamedBudgetsKeyedByScript()
    {
        BudgetImport import = BudgetImporter.Import("critical.json", [BudgetJsonReader.Parse("critical.json", """{ "build:fast": { "time": 15000 }, "doctor:lightweight": { "time": 120000, "memory": 268435456 } }""")]);
        Dictionary<string, HeroSloObjective> o = ByName(import);
        Assert.Equal(("build:fast", "max <= 15s"), (o["build:fast.time"].Task, o["build:fast.time"].Threshold));
        Assert.Equal("max <= 256MiB", o["doctor:lightweight.memory"].Threshold);
    }

    [Fact]
    public void GuardrailEnvironmentNames()
    {
        BudgetImport import = Import("slo-guardrails.yml");
        Assert.Equal("EnvironmentNames", import.Format);
        Dictionary<string, HeroSloObjective> o = ByName(import);
        Assert.Equal(("build", "max <= 300s"), (o["env.MAX_BUILD_TIME_SECONDS"].Task, o["env.MAX_BUILD_TIME_SECONDS"].Threshold));
        Assert.Equal(("response", "max <= 2s"), (o["env.MAX_RESPONSE_TIME_MS"].Task, o["env.MAX_RESPONSE_TIME_MS"].Threshold));
        Assert.Equal((HeroSloMetric.Success, "rate >= 99%", HeroSloGroupBy.None), (o["env.MIN_AVAILABILITY_PERCENT"].Metric, o["env.MIN_AVAILABILITY_PERCENT"].Threshold, o["env.MIN_AVAILABILITY_PERCENT"].GroupBy));
        Assert.Equal("rate >= 99%", o["env.MAX_ERROR_RATE_PERCENT"].Threshold);
        Assert.Contains(import.Unknown, u => u.Key == "env.MAX_BUNDLE_SIZE_MB");
        Assert.Contains(import.Unknown, u => u.Key == "env.MIN_PERFORMANCE_SCORE");
        Assert.Contains(import.Unknown, u => u.Key == "jobs");
    }

    [Fact]
    public void EnvironmentNamesFromVariables()
    {
        var variables = new System.Collections.Hashtable { ["MAX_BUILD_TIME_SECONDS"] = "300", ["PATH"] = "/bin", ["MAX_DEPLOY_MEMORY_MB"] = "512" };
        BudgetMap names = EnvironmentBudgetShape.FromEnvironment(variables);
        Assert.Equal(2, names.Count);
        var import = new BudgetImport("EnvironmentNames");
        EnvironmentBudgetShape.Read(names, new BudgetFields("(environment)", import));
        Assert.Equal(["max <= 300s", "max <= 512MiB"], import.Objectives.Select(o => o.Threshold).OrderBy(t => t));
    }

    [Fact]
    public void OpenSloObjectivesBecomePercentilesAndRates()
    {
        BudgetImport import = Import("openslo-latency.yaml");
        Assert.Equal("OpenSLO", import.Format);
        Dictionary<string, HeroSloObjective> o = ByName(import);
        Assert.Equal(("build", HeroSloMetric.Duration, "p(95) <= 20000ms"), (o["build-latency/most"].Task, o["build-latency/most"].Metric, o["build-latency/most"].Threshold));
        Assert.Equal("p(99) < 30000ms", o["build-latency/nearly-all"].Threshold);
        Assert.Equal((HeroSloMetric.Success, "rate >= 99%"), (o["build-success"].Metric, o["build-success"].Threshold));
        Assert.Equal("Builds are fast", o["build-latency/most"].Description);
        Assert.Contains(import.Unknown, u => u.Key == "[document 1].Service");
        Assert.Contains(import.Unknown, u => u.Key == "[document 2].spec.timeWindow");

        // Every imported threshold is one the evaluator takes.
        foreach (HeroSloObjective objective in import.Objectives) Hero.Slo.SloObjectivePlan.Compile(objective);
    }

    [Fact]
    public void HeroObjectivesRoundTripThroughYaml()
    {
        const string yaml = "objectives:\n  - name: fast\n    task: 'build*'\n    metric: duration\n    threshold: p(95) < 20s\n    level: Warning\n    minSamples: 5\n    groupBy: None\n    owner: team-a\n";
        BudgetImport import = BudgetImporter.Import("hero.yaml", BudgetYamlReader.Parse("hero.yaml", yaml));
        HeroSloObjective objective = Assert.Single(import.Objectives);
        Assert.Equal(("fast", "build*", HeroSloMetric.Duration, "p(95) < 20s", HeroSloLevel.Warning, 5, HeroSloGroupBy.None), (objective.Name, objective.Task, objective.Metric, objective.Threshold, objective.Level, objective.MinSamples, objective.GroupBy));
        Assert.Equal("team-a", objective.Unknown["owner"]);
    }

    [Fact]
    public void AYamlSyntaxErrorNamesFileLineAndColumn()
    {
        var error = Assert.Throws<HeroFileFormatException>(() => BudgetYamlReader.Parse("bad.yaml", "objectives:\n  - name: a\n    threshold: p(95) < 2s\n   metric: duration\n"));
        Assert.Equal("bad.yaml", error.Path);
        Assert.Equal(4, error.Line);
        Assert.Equal(4, error.Column);
        Assert.StartsWith("'bad.yaml', line 4, column 4: not valid YAML: ", error.Message);
    }

    [Fact]
    public void AnUnclosedFlowListIsASyntaxErrorToo()
    {
        var error = Assert.Throws<HeroFileFormatException>(() => BudgetYamlReader.Parse("bad.yaml", "objectives:\n  - name: a\n    threshold: [p(95) < 2s\n  - name: b\n"));
        Assert.NotNull(error.Line);
        Assert.Contains("not valid YAML", error.Message);
    }

    [Fact]
    public void AJsonSyntaxErrorNamesLineAndColumn()
    {
        var error = Assert.Throws<HeroFileFormatException>(() => BudgetJsonReader.Parse("bad.json", "{\n  \"build\": { \"p95\": 20000,, }\n}"));
        Assert.Equal(2, error.Line);
        Assert.NotNull(error.Column);
    }

    [Fact]
    public void AWrongTypeNamesTheFieldPath()
    {
        var error = Assert.Throws<HeroFileFormatException>(() => BudgetImporter.Import("b.json", [BudgetJsonReader.Parse("b.json", """{ "budgets": { "build": { "time": { "fast": "quick" } } } }""")]));
        Assert.Equal("budgets.build.time.fast", error.Field);
        Assert.Equal("'b.json': budgets.build.time.fast: expected a number, found the text 'quick'.", error.Message);
    }

    [Fact]
    public void AnUnknownMetricNamesTheField()
    {
        var error = Assert.Throws<HeroFileFormatException>(() => BudgetImporter.Import("o.json", [BudgetJsonReader.Parse("o.json", """{ "objectives": [ { "name": "x", "metric": "latency", "threshold": "max < 1s" } ] }""")]));
        Assert.Equal("objectives[0].metric", error.Field);
    }

    [Fact]
    public void JavaScriptIsNeverRun()
    {
        var error = Assert.Throws<HeroFileFormatException>(() => BudgetImporter.ReadDocuments("slo.config.js"));
        Assert.Contains("JavaScript is never executed", error.Message);
    }
}
