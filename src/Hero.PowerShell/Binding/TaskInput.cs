using System.Collections;
using System.Management.Automation;

namespace Hero.PowerShell.Binding;

/// <summary>A task definition from a pipeline object: a New-HeroTask result (copied) or a hashtable
/// of Invoke-HeroTask parameter names, with the cmdlet's own bound task parameters filling in what
/// the object does not set. Shared by every cmdlet that takes tasks from the pipeline.</summary>
internal static class TaskInput
{
    /// <param name="sessionPowerShell">The PowerShell a hashtable's ScriptPath runs in: this session's,
    /// not whichever pwsh comes first on PATH. A task from New-HeroTask has it set already.</param>
    public static HeroTaskDefinition FromInput(object? input, int position, PSCmdlet caller, string sessionPowerShell)
    {
        HeroTaskDefinition task = DictionaryConversion.Unwrap(input) switch
        {
            HeroTaskDefinition definition => TaskFields.Copy(definition),
            IDictionary table => TaskFields.FromHashtable(table, caller.SessionState, position),
            null => throw new HeroTaskDefinitionException($"Input #{position} is empty; give a task from New-HeroTask or a hashtable.", "InputObject"),
            object other => throw new HeroTaskDefinitionException(
                $"Input #{position} is a {other.GetType().Name}; give a task from New-HeroTask or a hashtable of Invoke-HeroTask parameters.", "InputObject"),
        };
        TaskFields.ApplyDefaults(task, caller.MyInvocation.BoundParameters, caller.SessionState);
        task.WorkingDirectory ??= PathResolver.CurrentDirectory(caller);
        if (task.Kind == HeroTaskKind.Script)
        {
            task.PowerShellHost ??= sessionPowerShell;
        }

        return task;
    }
}
