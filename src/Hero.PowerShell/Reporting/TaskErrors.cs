using System;
using System.Linq;
using System.Management.Automation;
using Hero.Security;
using Hero.Tasks;

namespace Hero.PowerShell.Reporting;

/// <summary>One mapping from a task result to its error record, so every cmdlet that runs tasks
/// reports failures with the same ids, categories and messages.</summary>
internal static class TaskErrors
{
    public static ErrorRecord? For(HeroTaskResult result)
    {
        (string id, ErrorCategory category) = result.Status switch
        {
            HeroTaskStatus.Succeeded or HeroTaskStatus.Skipped => (string.Empty, ErrorCategory.NotSpecified),
            HeroTaskStatus.TimedOut => ("HeroTaskTimedOut", ErrorCategory.OperationTimeout),
            HeroTaskStatus.Stalled => ("HeroTaskStalled", ErrorCategory.OperationTimeout),
            HeroTaskStatus.Cancelled => ("HeroTaskCancelled", ErrorCategory.OperationStopped),
            HeroTaskStatus.StartFailed => ("HeroTaskStartFailed",
                result.ExitCode == ExitCodes.NotExecutable ? ErrorCategory.PermissionDenied : ErrorCategory.ObjectNotFound),
            _ => ("HeroTaskFailed", ErrorCategory.InvalidResult),
        };
        if (id.Length == 0)
        {
            return null;
        }

        string message = Message(result);
        return new ErrorRecord(new HeroTaskException(message, result), id, category, result);
    }

    /// <summary>A definition that cannot run: terminating, before anything starts.</summary>
    public static ErrorRecord Invalid(HeroTaskDefinitionException e) =>
        new(e, "HeroTaskInvalidParameter", ErrorCategory.InvalidArgument, null);

    public static string Message(HeroTaskResult result)
    {
        string what = result.Status switch
        {
            HeroTaskStatus.StartFailed => $"Task '{result.Name}' could not start (exit code {result.ExitCode})",
            HeroTaskStatus.TimedOut => $"Task '{result.Name}' timed out (exit code {result.ExitCode})",
            HeroTaskStatus.Stalled => $"Task '{result.Name}' stalled (exit code {result.ExitCode})",
            HeroTaskStatus.Cancelled => $"Task '{result.Name}' was cancelled",
            _ => $"Task '{result.Name}' failed with exit code {result.ExitCode}",
        };
        if (result.Attempts > 1) what += $" after {result.Attempts} attempts";
        string detail = result.Message is { } m && !m.StartsWith("Exited with code", StringComparison.Ordinal) ? m : string.Empty;

        // "was cancelled. Cancelled by -FailFast ..." reads as one sentence: "was cancelled by -FailFast ...".
        string text = result.Status == HeroTaskStatus.Cancelled && result.Attempts <= 1 && detail.StartsWith("Cancelled", StringComparison.Ordinal)
            ? $"Task '{result.Name}' was c{detail.Substring(1)}"
            : what + ". " + detail;
        string tail = LastLines(result.StdErr, 5);
        if (tail.Length > 0 && result.Status != HeroTaskStatus.StartFailed)
        {
            text += Environment.NewLine + "Last error output:" + Environment.NewLine + tail;
        }

        return SecretMasker.Default.MaskAll(text.TrimEnd());
    }

    private static string LastLines(string text, int count)
    {
        string[] lines = text.Replace("\r\n", "\n").TrimEnd('\n').Split('\n');
        string tail = string.Join(Environment.NewLine, lines.Skip(Math.Max(0, lines.Length - count)).Select(l => "  " + l));
        return tail.Trim().Length == 0 ? string.Empty : (tail.Length > 800 ? tail.Substring(tail.Length - 800) : tail);
    }
}
