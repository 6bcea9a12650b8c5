using System;

namespace Hero.Tests;

/// <summary>Definition errors carry their fields; the message is made from them, never parsed back.</summary>
public sealed class HeroTaskDefinitionExceptionTests
{
    [Fact]
    public void The_message_leads_with_the_parameter_and_names_no_task_for_a_lone_unnamed_one()
    {
        var e = new HeroTaskDefinitionException("The working directory '/nope' does not exist.", "WorkingDirectory");

        Assert.Equal("-WorkingDirectory: The working directory '/nope' does not exist.", e.Message);
        Assert.Equal("WorkingDirectory", e.ParamName);
        Assert.Null(e.TaskName);
    }

    [Fact]
    public void Said_of_a_task_the_fields_stay_and_the_task_leads()
    {
        var e = new HeroTaskDefinitionException("No program was given.", "FilePath").ForTask("deploy");

        Assert.Equal("Task 'deploy': -FilePath: No program was given.", e.Message);
        Assert.Equal("No program was given.", e.Reason);
        Assert.Equal("FilePath", e.ParameterName);
        Assert.Equal("deploy", e.TaskName);
        Assert.IsAssignableFrom<ArgumentException>(e);
    }
}
