using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using Hero.PowerShell.Binding;
using Hero.PowerShell.Commands;
using Hero.PowerShell.Scripting;

namespace Hero.PowerShell.Tests.Binding;

/// <summary>The one table every task setting goes through: bound parameters, hashtable keys and
/// batch-wide defaults.</summary>
public sealed class TaskFieldsTests : IDisposable
{
    private readonly PowerShellSession _session = new();

    public void Dispose() => _session.Dispose();

    private HeroTaskDefinition FromTable(IDictionary table, int position = 1) => TaskFields.FromHashtable(table, _session.State, position);

    [Fact]
    public void Every_task_parameter_of_InvokeHeroTask_is_a_field_and_every_field_a_parameter_or_DependsOn()
    {
        // Parameters that shape the run rather than one task, and the hidden switch that catches
        // ambiguous abbreviations.
        string[] runParameters = ["InputObject", "ThrottleLimit", "FailFast", "Shard", "Isolation", "ImportModule", "InitializationScript", "CI", "JUnitPath", "ResultPath", CommandLineTrap.AmbiguousSwitch];
        var parameters = typeof(InvokeHeroTaskCommand).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttributes<ParameterAttribute>().Any())
            .Select(p => p.Name)
            .Except(runParameters)
            .OrderBy(n => n)
            .ToList();

        Assert.Equal(parameters, TaskFields.Names.Except(["DependsOn"]).OrderBy(n => n).ToList());
    }

    [Fact]
    public void Values_convert_as_the_parameters_would()
    {
        HeroTaskDefinition task = FromTable(new Hashtable
        {
            ["FilePath"] = "git",
            ["Args"] = new object[] { "log", 5 },
            ["Timeout"] = "1m30s",
            ["GracePeriod"] = 2,
            ["MaxOutputBytes"] = "2MB",
            ["RetryCount"] = "2",
            ["NoJitter"] = new SwitchParameter(true),
            ["RetryBackoff"] = "Linear",
            ["Environment"] = new Hashtable { ["KEEP"] = 1, ["GONE"] = null },
        });

        Assert.Equal(HeroTaskKind.Process, task.Kind);
        Assert.Equal("git", task.FilePath);
        Assert.Equal(["log", "5"], task.ArgumentList);
        Assert.Equal(TimeSpan.FromSeconds(90), task.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(2), task.GracePeriod);
        Assert.Equal(2L * 1024 * 1024, task.MaxOutputBytes);
        Assert.Equal(2, task.Retry.RetryCount);
        Assert.False(task.Retry.Jitter);
        Assert.Equal(Hero.Resilience.RetryBackoff.Linear, task.Retry.Backoff);
        Assert.Equal("1", task.Environment["KEEP"]);
        Assert.Null(task.Environment["GONE"]);
    }

    [Fact]
    public void A_path_with_a_folder_is_resolved_against_the_PowerShell_location_a_bare_name_is_left_for_PATH()
    {
        string location = _session.State.Path.CurrentFileSystemLocation.ProviderPath;
        Assert.Equal(System.IO.Path.Combine(location, "tools", "run.sh"), FromTable(new Hashtable { ["FilePath"] = "./tools/run.sh" }).FilePath);
        Assert.Equal("make", FromTable(new Hashtable { ["FilePath"] = "make" }).FilePath);
    }

    [Theory]
    [InlineData("Timeout", "banana")]
    [InlineData("GracePeriod", "Infinite")]
    [InlineData("RetryCount", -1)]
    [InlineData("RetryBackoff", "Sideways")]
    [InlineData("Encoding", "no-such-encoding")]
    public void A_bad_value_names_the_key_and_the_task(string key, object value)
    {
        HeroTaskDefinitionException e = Assert.Throws<HeroTaskDefinitionException>(() =>
            FromTable(new Hashtable { ["Name"] = "deploy", ["FilePath"] = "true", [key] = value }));

        Assert.Equal(key, e.ParameterName);
        Assert.Equal("deploy", e.TaskName);
        Assert.StartsWith($"Task 'deploy': -{key}: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_key_lists_the_valid_ones_and_an_unnamed_task_is_named_by_its_position()
    {
        HeroTaskDefinitionException e = Assert.Throws<HeroTaskDefinitionException>(() =>
            FromTable(new Hashtable { ["FilePath"] = "true", ["Timeuot"] = 5 }, position: 3));

        Assert.Equal("Timeuot", e.ParameterName);
        Assert.Equal("#3", e.TaskName);
        Assert.Contains("Valid keys: ", e.Reason, StringComparison.Ordinal);
        Assert.Contains("Timeout", e.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void A_table_needs_exactly_one_kind_of_task(int kinds)
    {
        var table = new Hashtable { ["Name"] = "odd" };
        if (kinds > 0) table["FilePath"] = "true";
        if (kinds > 1) table["Command"] = "true";

        HeroTaskDefinitionException e = Assert.Throws<HeroTaskDefinitionException>(() => FromTable(table));
        Assert.Contains($"found {kinds}", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Batch_wide_defaults_fill_in_only_what_a_task_did_not_set_and_never_its_name_or_kind()
    {
        HeroTaskDefinition task = FromTable(new Hashtable { ["Name"] = "own", ["FilePath"] = "true", ["Timeout"] = 7 });
        TaskFields.ApplyDefaults(task, new System.Collections.Generic.Dictionary<string, object>
        {
            ["Timeout"] = TimeSpan.FromSeconds(99),
            ["GracePeriod"] = TimeSpan.FromSeconds(1),
            ["Name"] = "batch",
            ["FilePath"] = "false",
        }, _session.State);

        Assert.Equal(TimeSpan.FromSeconds(7), task.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(1), task.GracePeriod);
        Assert.Equal("own", task.Name);
        Assert.Equal("true", task.FilePath);
    }

    [Fact]
    public void A_copy_keeps_what_was_set_explicitly_and_shares_nothing_mutable()
    {
        HeroTaskDefinition original = FromTable(new Hashtable { ["FilePath"] = "true", ["Timeout"] = 7, ["Args"] = new[] { "a" } });
        HeroTaskDefinition copy = TaskFields.Copy(original);
        copy.ArgumentList[0] = "changed";
        TaskFields.ApplyDefaults(copy, new System.Collections.Generic.Dictionary<string, object> { ["Timeout"] = 99 }, _session.State);

        Assert.Equal(TimeSpan.FromSeconds(7), copy.Timeout);
        Assert.Equal("a", original.ArgumentList[0]);
    }

    [Fact]
    public void Script_blocks_travel_as_handles_the_PowerShell_layer_owns()
    {
        HeroTaskDefinition task = FromTable(new Hashtable
        {
            ["ScriptBlock"] = _session.Block("Get-Date"),
            ["RetryIf"] = _session.Block("$_.ExitCode -eq 75"),
        });

        Assert.Equal(HeroTaskKind.ScriptBlock, task.Kind);
        Assert.IsType<ScriptBlockPayload>(task.ScriptBlock);
        Assert.Equal("Get-Date", task.ScriptBlock!.Display);
        RetryCondition retryIf = Assert.IsType<RetryCondition>(task.RetryIf);
        Assert.True(_session.OnPipelineThread(() => retryIf.Answer(new HeroTaskResult { ExitCode = 75 })));
        Assert.False(_session.OnPipelineThread(() => retryIf.Answer(new HeroTaskResult { ExitCode = 1 })));
    }
}
