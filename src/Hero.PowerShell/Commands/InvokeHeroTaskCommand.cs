using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Hero.Batch;
using Hero.PowerShell.Binding;
using Hero.PowerShell.Hosting;
using Hero.PowerShell.Reporting;
using Hero.PowerShell.Scripting;
using Hero.Reporting;
using Hero.Tasks;

namespace Hero.PowerShell.Commands;

/// <summary>Runs a command under a deadline, in its own kill group, and returns what happened; or runs
/// a batch of tasks from the pipeline, never more at once than -ThrottleLimit.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "HeroTask", DefaultParameterSetName = FilePathSet, SupportsShouldProcess = true)]
[OutputType(typeof(HeroTaskResult))]
public sealed class InvokeHeroTaskCommand : TaskDefinitionCmdlet
{
    private const string InputObjectSet = "InputObject";
    private readonly List<HeroTaskDefinition> _batch = [];
    private ShardSpec? _shard;

    public enum IsolationMode
    {
        Runspace,
        Process,
    }

    /// <summary>A task definition or hashtable (InputObject set), or the $_ of a script block.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    [Parameter(ValueFromPipeline = true, ParameterSetName = ScriptBlockSet)]
    public object? InputObject { get; set; }

    [Parameter(ParameterSetName = InputObjectSet)]
    [Parameter(ParameterSetName = ScriptBlockSet)]
    [ValidateRange(1, 1024)]
    public int ThrottleLimit { get; set; } = System.Environment.ProcessorCount;

    [Parameter(ParameterSetName = InputObjectSet)]
    [Parameter(ParameterSetName = ScriptBlockSet)]
    public SwitchParameter FailFast { get; set; }

    [Parameter(ParameterSetName = InputObjectSet)]
    [Parameter(ParameterSetName = ScriptBlockSet)]
    [ValidateNotNullOrEmpty]
    public string? Shard { get; set; }

    [Parameter(ParameterSetName = InputObjectSet)]
    [Parameter(ParameterSetName = ScriptBlockSet)]
    public IsolationMode Isolation { get; set; } = IsolationMode.Runspace;

    [Parameter(ParameterSetName = InputObjectSet)]
    [Parameter(ParameterSetName = ScriptBlockSet)]
    [ValidateNotNull]
    public string[] ImportModule { get; set; } = [];

    [Parameter(ParameterSetName = InputObjectSet)]
    [Parameter(ParameterSetName = ScriptBlockSet)]
    [ValidateNotNull]
    public ScriptBlock? InitializationScript { get; set; }

    [Parameter]
    public CiPlatform CI { get; set; } = CiPlatform.Auto;

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? JUnitPath { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ResultPath { get; set; }

    /// <summary>Not a parameter to use: its aliases are the ambiguous prefixes of this cmdlet's
    /// parameters, so an ambiguous -x is caught and explained (<see cref="CommandLineTrap"/>). A test
    /// keeps the list in step with the parameters.</summary>
    [Parameter(DontShow = true)]
    [Alias("a", "c", "co", "e", "en", "er", "err", "erro", "error", "f", "i", "in", "inf", "info", "infor",
        "inform", "informa", "informat", "informati", "informatio", "information", "m", "ma", "max", "n",
        "r", "re", "ret", "retr", "retry", "retryo", "retryon", "s", "sc", "scr", "scri", "scrip", "script",
        "sh", "st", "sta", "stan", "stand", "standa", "standar", "standard", "standardi", "standardin",
        "standardinp", "standardinpu", "t", "w", "war", "warn", "warni", "warnin", "warning")]
    public SwitchParameter __AmbiguousPrefix { get; set; }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        foreach ((string? path, string parameter) in new[] { (JUnitPath, nameof(JUnitPath)), (ResultPath, nameof(ResultPath)) })
        {
            string? full = PathResolver.FileSystemPath(this, path);
            if (full is not null && System.IO.Path.GetDirectoryName(full) is { } folder && !System.IO.Directory.Exists(folder))
            {
                Invalid(new HeroTaskDefinitionException($"The folder of '{full}' does not exist.", parameter));
            }
        }

        if (Shard is not null)
        {
            try
            {
                _shard = ShardSpec.Parse(Shard);
            }
            catch (FormatException e)
            {
                Invalid(new HeroTaskDefinitionException(e.Message, nameof(Shard)));
            }
        }
    }

    protected override void ProcessRecord()
    {
        try
        {
            switch (ParameterSetName)
            {
                case InputObjectSet:
                    _batch.Add(FromInput(InputObject, _batch.Count + 1));
                    return;
                case ScriptBlockSet when MyInvocation.ExpectingInput:
                    _batch.Add(ScriptBlockTask(InputObject, hasInput: true, _batch.Count + 1));
                    return;
                case ScriptBlockSet:
                    bool given = MyInvocation.BoundParameters.ContainsKey(nameof(InputObject));
                    Run([ScriptBlockTask(given ? InputObject : null, hasInput: given, 0)]);
                    return;
                default:
                    Run([BuildDefinition()]);
                    return;
            }
        }
        catch (HeroTaskDefinitionException e)
        {
            Invalid(e);
        }
    }

    protected override void EndProcessing()
    {
        if (_batch.Count > 0)
        {
            try
            {
                Run(_batch);
            }
            catch (HeroTaskDefinitionException e)
            {
                Invalid(e);
            }
        }

        base.EndProcessing();
    }

    /// <summary>One task or many, the same way: planned and checked first, then run.</summary>
    private void Run(IReadOnlyList<HeroTaskDefinition> tasks)
    {
        var session = new TaskSession(this, new TaskSessionOptions
        {
            ThrottleLimit = ThrottleLimit,

            // Under -ErrorAction Stop the first failure ends the call; stop the rest of the batch with
            // it rather than let it run on unseen.
            FailFast = FailFast || ErrorActionIsStop(),
            Shard = _shard,
            IsolateScriptBlocks = Isolation == IsolationMode.Process,
            ImportModule = ImportModule,
            InitializationScript = InitializationScript,
            CI = CI,
            JUnitPath = PathResolver.FileSystemPath(this, JUnitPath),
            ResultPath = PathResolver.FileSystemPath(this, ResultPath),
            SuiteName = Name,
            PowerShellHost = SessionPowerShell(),
        });
        BatchPlan plan = session.Plan(tasks);
        if (plan.OutsideShard.Count > 0)
        {
            WriteVerbose($"Shard {Shard}: dependencies on tasks of other shards are taken as met: {string.Join(", ", plan.OutsideShard)}.");
        }

        if (Confirmed(plan) is { } confirmed)
        {
            session.Run(confirmed);
        }
    }

    /// <summary>-WhatIf says what each task would run and runs nothing; -Confirm asks per task. A task
    /// not confirmed does not run, nor does anything that depends on it; null when nothing is left.</summary>
    private BatchPlan? Confirmed(BatchPlan plan)
    {
        bool single = plan.Tasks.Count == 1;
        var declined = plan.Tasks
            .Where(t => !ShouldProcess(single ? TaskRunner.Describe(t) : $"{t.Name}: {TaskRunner.Describe(t)}", "Run"))
            .Select(t => t.Name!)
            .ToList();
        if (declined.Count == 0) return plan;
        BatchPlan rest = plan.Without(declined, out IReadOnlyList<string> dropped);
        WriteVerbose($"Not run: {string.Join(", ", dropped)}.");
        return rest.Tasks.Count > 0 ? rest : null;
    }

    private HeroTaskDefinition ScriptBlockTask(object? input, bool hasInput, int position)
    {
        HeroTaskDefinition task = BuildDefinition();
        task.ScriptBlock = ((ScriptBlockPayload)task.ScriptBlock!).WithInput(DictionaryConversion.UnwrapKeepingProperties(input), hasInput, ArgumentList);
        if (hasInput)
        {
            task.Name = (Name ?? "scriptblock") + "-" + position;
        }

        return task;
    }

    private HeroTaskDefinition FromInput(object? input, int position) => TaskInput.FromInput(input, position, this, SessionPowerShell());

    private bool ErrorActionIsStop()
    {
        object? preference = MyInvocation.BoundParameters.TryGetValue("ErrorAction", out object? bound)
            ? bound
            : GetVariableValue("ErrorActionPreference");
        return DictionaryConversion.Unwrap(preference) is ActionPreference.Stop;
    }

    private void Invalid(HeroTaskDefinitionException e) => ThrowTerminatingError(TaskErrors.Invalid(e));
}
