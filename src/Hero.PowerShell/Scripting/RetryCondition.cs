using System.Collections.Generic;
using System.Management.Automation;
using Hero.Tasks;

namespace Hero.PowerShell.Scripting;

/// <summary>A task's -RetryIf: a script block that gets the attempt's result as $_ and answers
/// whether to retry. It runs in the caller's runspace, so only the pipeline thread may invoke it.</summary>
internal sealed class RetryCondition(ScriptBlock block) : IHostScript
{
    public ScriptBlock Block { get; } = block;

    public string Display => ScriptBlockPayload.Shorten(Block.ToString());

    public override string ToString() => "{ " + Display + " }";

    /// <summary>Pipeline thread only.</summary>
    public bool Answer(HeroTaskResult attempt)
    {
        var variables = new List<PSVariable> { new("_", attempt), new("PSItem", attempt) };
        return LanguagePrimitives.IsTrue(Block.InvokeWithContext(null, variables));
    }
}
