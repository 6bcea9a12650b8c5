using System;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace Hero.PowerShell.Tests;

/// <summary>A real runspace, for the session state that paths, $using: values and script blocks
/// are resolved against.</summary>
public sealed class PowerShellSession : IDisposable
{
    private readonly System.Management.Automation.PowerShell _shell = System.Management.Automation.PowerShell.Create();

    public PowerShellSession()
    {
        State = (SessionState)_shell.AddScript("$ExecutionContext.SessionState").Invoke()[0].BaseObject;
        _shell.Commands.Clear();
    }

    public SessionState State { get; }

    public void Set(string name, object? value) => _shell.Runspace.SessionStateProxy.SetVariable(name, value);

    /// <summary>A script block bound to this runspace, as one typed at its prompt would be.</summary>
    public ScriptBlock Block(string code)
    {
        _shell.Commands.Clear();
        var block = (ScriptBlock)_shell.AddScript("[scriptblock]::Create($args[0])").AddArgument(code).Invoke()[0].BaseObject;
        _shell.Commands.Clear();
        return block;
    }

    /// <summary>Runs code as the pipeline thread of this runspace would: a script block bound to it
    /// can only be invoked there (which is why the cmdlets answer -RetryIf on the pipeline thread).</summary>
    public T OnPipelineThread<T>(Func<T> code)
    {
        Runspace? previous = Runspace.DefaultRunspace;
        Runspace.DefaultRunspace = _shell.Runspace;
        try
        {
            return code();
        }
        finally
        {
            Runspace.DefaultRunspace = previous;
        }
    }

    public void Dispose() => _shell.Dispose();
}
