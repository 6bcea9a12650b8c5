using System;
using Hero.PowerShell.Scripting;

namespace Hero.PowerShell.Tests.Scripting;

/// <summary>A script block made ready to run in another runspace or a child pwsh.</summary>
public sealed class ScriptBlockPayloadTests : IDisposable
{
    private readonly PowerShellSession _session = new();

    public void Dispose() => _session.Dispose();

    [Fact]
    public void Using_variables_become_plain_variables_with_the_callers_values()
    {
        _session.Set("limit", 42);
        _session.Set("name", "build");
        ScriptBlockPayload payload = ScriptBlockPayload.Create(_session.Block("{ $using:limit + 1; \"$($using:name)-x\"; $using:limit }"), _session.State);

        string local = ScriptBlockPayload.UsingPrefix + "limit";
        Assert.Equal($" ${local} + 1; \"$(${ScriptBlockPayload.UsingPrefix}name)-x\"; ${local} ", payload.Script);
        Assert.Equal(42, payload.UsingValues[local]);
        Assert.Equal("build", payload.UsingValues[ScriptBlockPayload.UsingPrefix + "name"]);
        Assert.Equal(2, payload.UsingValues.Count);
    }

    [Fact]
    public void Member_access_and_indexing_after_a_using_variable_stay()
    {
        _session.Set("items", new[] { "a", "b" });
        ScriptBlockPayload payload = ScriptBlockPayload.Create(_session.Block("$using:items[1].Length"), _session.State);
        Assert.Equal("$" + ScriptBlockPayload.UsingPrefix + "items[1].Length", payload.Script);
    }

    [Fact]
    public void Env_using_variables_read_the_process_environment()
    {
        Environment.SetEnvironmentVariable("HERO_PAYLOAD_TEST", "from-env");
        ScriptBlockPayload payload = ScriptBlockPayload.Create(_session.Block("$using:env:HERO_PAYLOAD_TEST"), _session.State);
        Assert.Equal("from-env", payload.UsingValues[ScriptBlockPayload.UsingPrefix + "env_HERO_PAYLOAD_TEST"]);
    }

    [Fact]
    public void The_display_is_one_short_line()
    {
        ScriptBlockPayload payload = ScriptBlockPayload.Create(_session.Block("Get-ChildItem\n| Where-Object Length -gt 1000000\n| Sort-Object Length -Descending"), _session.State);
        Assert.DoesNotContain("\n", payload.Display, StringComparison.Ordinal);
        Assert.Equal(60, payload.Display.Length);
        Assert.EndsWith("...", payload.Display, StringComparison.Ordinal);
    }

    [Fact]
    public void Input_and_arguments_ride_on_a_copy()
    {
        ScriptBlockPayload payload = ScriptBlockPayload.Create(_session.Block("$_ * 2"), _session.State);
        ScriptBlockPayload withInput = payload.WithInput(21, hasInput: true, ["x"]);

        Assert.False(payload.HasInput);
        Assert.True(withInput.HasInput);
        Assert.Equal(21, withInput.InputObject);
        Assert.Equal(["x"], withInput.Arguments);
        Assert.Same(payload.UsingValues, withInput.UsingValues);
    }
}
