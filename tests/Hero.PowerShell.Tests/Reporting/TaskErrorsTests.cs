using System;
using System.Management.Automation;
using Hero.PowerShell.Reporting;

namespace Hero.PowerShell.Tests.Reporting;

/// <summary>One mapping from a result to its error record, for every cmdlet that runs tasks.</summary>
public sealed class TaskErrorsTests
{
    [Theory]
    [InlineData(HeroTaskStatus.Failed, 3, "HeroTaskFailed", ErrorCategory.InvalidResult)]
    [InlineData(HeroTaskStatus.TimedOut, 124, "HeroTaskTimedOut", ErrorCategory.OperationTimeout)]
    [InlineData(HeroTaskStatus.Stalled, 124, "HeroTaskStalled", ErrorCategory.OperationTimeout)]
    [InlineData(HeroTaskStatus.Cancelled, 130, "HeroTaskCancelled", ErrorCategory.OperationStopped)]
    [InlineData(HeroTaskStatus.StartFailed, 127, "HeroTaskStartFailed", ErrorCategory.ObjectNotFound)]
    [InlineData(HeroTaskStatus.StartFailed, 126, "HeroTaskStartFailed", ErrorCategory.PermissionDenied)]
    public void Each_unsuccessful_status_has_its_id_and_category_and_the_result_as_target(HeroTaskStatus status, int exitCode, string id, ErrorCategory category)
    {
        var result = new HeroTaskResult { Name = "build", Status = status, ExitCode = exitCode };
        ErrorRecord record = TaskErrors.For(result)!;

        Assert.Equal(id, record.FullyQualifiedErrorId);
        Assert.Equal(category, record.CategoryInfo.Category);
        Assert.Same(result, record.TargetObject);
        Assert.Contains("'build'", record.Exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HeroTaskStatus.Succeeded)]
    [InlineData(HeroTaskStatus.Skipped)]
    public void Success_and_skips_are_not_errors(HeroTaskStatus status) =>
        Assert.Null(TaskErrors.For(new HeroTaskResult { Name = "x", Status = status }));

    [Fact]
    public void The_message_carries_the_attempts_the_reason_and_the_last_error_lines_masked()
    {
        var result = new HeroTaskResult
        {
            Name = "deploy",
            Status = HeroTaskStatus.Failed,
            ExitCode = 2,
            Attempts = 3,
            Message = "Killed by signal 9 (SIGKILL).",
            StdErr = "one\ntwo\nthree\nfour\nfive\nsix\npassword=hunter2\n",
        };
        string message = TaskErrors.Message(result);

        Assert.StartsWith("Task 'deploy' failed with exit code 2 after 3 attempts. Killed by signal 9 (SIGKILL).", message, StringComparison.Ordinal);
        Assert.DoesNotContain("  one", message, StringComparison.Ordinal);
        Assert.Contains("  six", message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_definition_error_is_terminating_input_with_no_target()
    {
        ErrorRecord record = TaskErrors.Invalid(new HeroTaskDefinitionException("No program was given.", "FilePath"));
        Assert.Equal("HeroTaskInvalidParameter", record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, record.CategoryInfo.Category);
        Assert.Equal("-FilePath: No program was given.", record.Exception.Message);
    }
}
