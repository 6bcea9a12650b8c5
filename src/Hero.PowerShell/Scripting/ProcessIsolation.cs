using System;
using System.Collections;
using System.IO;
using System.Management.Automation;
using System.Text;

namespace Hero.PowerShell.Scripting;

/// <summary>-Isolation Process: a script-block task becomes a .ps1 run in a child pwsh, so it gets a
/// kill group, a real deadline and its own memory. The block, its $using: values and its input travel
/// as CLIXML; its output objects come back the same way.</summary>
internal sealed class ProcessIsolation : IDisposable
{
    private const string Runner = @"param($PayloadPath, $ResultPath)
$ErrorActionPreference = 'Continue'
if ($PSStyle) { $PSStyle.OutputRendering = 'PlainText' }
$__hero = Import-Clixml -LiteralPath $PayloadPath
foreach ($__heroModule in $__hero.Modules) { Import-Module $__heroModule }
if ($__hero.Init) { . ([scriptblock]::Create($__hero.Init)) }
$__heroVariables = [System.Collections.Generic.List[psvariable]]::new()
if ($__hero.HasInput) {
    $__heroVariables.Add([psvariable]::new('_', $__hero.Input))
    $__heroVariables.Add([psvariable]::new('PSItem', $__hero.Input))
}
foreach ($__heroKey in $__hero.Using.Keys) { $__heroVariables.Add([psvariable]::new($__heroKey, $__hero.Using[$__heroKey])) }
$__heroErrors = $Error.Count
try {
    $__heroOutput = ([scriptblock]::Create($__hero.Script)).InvokeWithContext($null, $__heroVariables, $__hero.Args)
}
catch {
    $__heroError = $_.Exception
    while ($__heroError -is [System.Management.Automation.MethodInvocationException] -and $__heroError.InnerException) { $__heroError = $__heroError.InnerException }
    [Console]::Error.WriteLine($__heroError.Message)
    exit 1
}
Export-Clixml -LiteralPath $ResultPath -InputObject @($__heroOutput) -Depth 4
$__heroOutput
if ($Error.Count -gt $__heroErrors) { exit 1 }
";

    private readonly string _folder;
    private readonly string _runner;

    public ProcessIsolation()
    {
        _folder = Path.Combine(Path.GetTempPath(), "hero-isolation-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        _runner = Path.Combine(_folder, "run.ps1");
        File.WriteAllText(_runner, Runner, new UTF8Encoding(true));
    }

    /// <summary>Turns the task into a script task; returns where its output objects will be.</summary>
    public string Prepare(HeroTaskDefinition task, string[] modules, ScriptBlock? initialization, string powerShellHost)
    {
        var payload = (ScriptBlockPayload)task.ScriptBlock!;
        string id = Guid.NewGuid().ToString("N");
        string payloadPath = Path.Combine(_folder, id + ".in.clixml");
        string resultPath = Path.Combine(_folder, id + ".out.clixml");
        var data = new Hashtable
        {
            ["Script"] = payload.Script,
            ["Using"] = new Hashtable(payload.UsingValues, StringComparer.OrdinalIgnoreCase),
            ["Input"] = payload.InputObject,
            ["HasInput"] = payload.HasInput,
            ["Args"] = payload.Arguments,
            ["Modules"] = modules,
            ["Init"] = initialization?.ToString(),
        };
        File.WriteAllText(payloadPath, PSSerializer.Serialize(data, 4), new UTF8Encoding(false));
        task.Kind = HeroTaskKind.Script;
        task.ScriptBlock = null;
        task.ScriptPath = _runner;
        task.ArgumentList = [payloadPath, resultPath];
        task.PowerShellHost ??= powerShellHost;
        return resultPath;
    }

    public static object[]? ReadOutput(string resultPath)
    {
        if (!File.Exists(resultPath)) return null;
        object deserialized = PSSerializer.Deserialize(File.ReadAllText(resultPath));
        if (deserialized is object[] items) return items;
        if (deserialized is PSObject { BaseObject: IList list }) return ToArray(list);
        return [deserialized];
    }

    private static object[] ToArray(IList list)
    {
        var items = new object[list.Count];
        list.CopyTo(items, 0);
        return items;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
