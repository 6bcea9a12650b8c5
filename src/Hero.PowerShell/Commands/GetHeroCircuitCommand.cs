using System.Linq;
using System.Management.Automation;
using Hero.PowerShell.Binding;
using Hero.PowerShell.Hosting;
using Hero.Resilience;

namespace Hero.PowerShell.Commands;

/// <summary>Shows the circuits of this session, or of a shared state file.</summary>
[Cmdlet(VerbsCommon.Get, "HeroCircuit")]
[OutputType(typeof(HeroCircuitState))]
public sealed class GetHeroCircuitCommand : HeroCmdlet
{
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(CircuitNameCompleter))]
    public string[] Name { get; set; } = ["*"];

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CircuitStatePath { get; set; }

    protected override void ProcessRecord()
    {
        var patterns = Name.Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToList();
        System.Collections.Generic.IReadOnlyList<HeroCircuitState> states;
        try
        {
            states = CircuitBreaker.List(PathResolver.FileSystemPath(this, CircuitStatePath));
        }
        catch (CircuitStateException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, "HeroCircuitStateInvalid", ErrorCategory.InvalidData, CircuitStatePath));
            return;
        }

        foreach (HeroCircuitState state in states)
        {
            if (patterns.Any(p => p.IsMatch(state.Name)))
            {
                WriteObject(state);
            }
        }
    }
}
