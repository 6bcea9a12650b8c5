using System;
using System.Collections.Generic;
using System.Linq;
using Hero.Batch;

namespace Hero.Tests.Batch;

public sealed class BatchPlanTests
{
    private static HeroTaskDefinition Define(string? name, params string[] dependsOn) =>
        new() { Name = name, FilePath = "/usr/bin/true", DependsOn = dependsOn };

    private static string[] Names(BatchPlan plan) => plan.Tasks.Select(t => t.Name!).ToArray();

    [Fact]
    public void Unnamed_tasks_that_share_a_default_name_get_numeric_suffixes()
    {
        BatchPlan plan = BatchPlan.Create([Define(null), Define(null), Define(null)]);

        Assert.Equal(["true", "true-2", "true-3"], Names(plan));
    }

    [Fact]
    public void A_default_name_steps_around_the_explicit_names()
    {
        BatchPlan plan = BatchPlan.Create([Define(null), Define("true"), Define("TRUE-2")]);

        Assert.Equal(["true-3", "true", "TRUE-2"], Names(plan));
    }

    [Fact]
    public void Two_tasks_with_the_same_name_in_any_case_are_refused()
    {
        HeroTaskDefinitionException error = Assert.Throws<HeroTaskDefinitionException>(() =>
            BatchPlan.Create([Define("build"), Define("Build")]));

        Assert.Equal("Name", error.ParameterName);
        Assert.Contains("'Build'", error.Message, StringComparison.Ordinal);
        Assert.Contains("unique", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_dependency_is_refused_naming_the_task_and_the_dependency()
    {
        HeroTaskDefinitionException error = Assert.Throws<HeroTaskDefinitionException>(() =>
            BatchPlan.Create([Define("deploy", "build"), Define("test")]));

        Assert.Equal("DependsOn", error.ParameterName);
        Assert.Contains("'deploy'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'build'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cycle_is_refused_with_its_path()
    {
        HeroTaskDefinitionException error = Assert.Throws<HeroTaskDefinitionException>(() =>
            BatchPlan.Create([Define("free"), Define("a", "b"), Define("b", "c"), Define("c", "a")]));

        Assert.Equal("DependsOn", error.ParameterName);
        Assert.Contains("a -> b -> c -> a", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_task_that_depends_on_itself_is_a_cycle()
    {
        HeroTaskDefinitionException error = Assert.Throws<HeroTaskDefinitionException>(() => BatchPlan.Create([Define("loop", "LOOP")]));

        Assert.Contains("loop -> loop", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dependencies_match_names_in_any_case_and_count_once()
    {
        BatchPlan plan = BatchPlan.Create([Define("Build"), Define("test", "build", "BUILD")]);

        Assert.Equal(["build"], plan.Dependencies["test"]);
        Assert.Empty(plan.Dependencies["build"]);
        Assert.Empty(plan.OutsideShard);
    }

    [Fact]
    public void Without_a_shard_every_task_is_planned_in_input_order()
    {
        BatchPlan plan = BatchPlan.Create([Define("c", "b"), Define("b", "a"), Define("a")]);

        Assert.Equal(["c", "b", "a"], Names(plan));
    }

    [Fact]
    public void A_shard_keeps_its_slice_and_lists_dependencies_that_run_elsewhere()
    {
        List<HeroTaskDefinition> all =
        [
            Define("t1"), Define("t2"), Define("t3", "t1"), Define("t4", "t2", "t1"), Define("t5", "t3", "t2"),
        ];

        BatchPlan plan = BatchPlan.Create(all, new ShardSpec(2, 2));

        Assert.Equal(["t2", "t4"], Names(plan));
        Assert.Equal(["t2"], plan.Dependencies["t4"]);
        Assert.Equal(["t1"], plan.OutsideShard);
        Assert.False(plan.Dependencies.ContainsKey("t1"));
    }

    [Fact]
    public void The_whole_batch_is_checked_before_a_shard_is_taken()
    {
        // The cycle lies entirely in the other slice: this machine must refuse the batch all the same.
        HeroTaskDefinitionException error = Assert.Throws<HeroTaskDefinitionException>(() =>
            BatchPlan.Create([Define("a", "c"), Define("b"), Define("c", "a")], new ShardSpec(2, 2)));

        Assert.Contains("a -> c -> a", error.Message, StringComparison.Ordinal);
    }
}
