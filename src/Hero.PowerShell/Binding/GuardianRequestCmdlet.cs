using System;
using System.Management.Automation;

namespace Hero.PowerShell.Binding;

/// <summary>Stop- and Restart-HeroGuardian: a request to one or more named guardians' workers, carried
/// out within -Timeout, with the guardian's state written out under -PassThru.</summary>
public abstract class GuardianRequestCmdlet : GuardianCmdlet
{
    protected GuardianRequestCmdlet(TimeSpan defaultTimeout) => Timeout = defaultTimeout;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(GuardianNameCompleter))]
    public string[] Name { get; set; } = [];

    /// <summary>How long the worker has to carry the request out (its command's grace included)
    /// before the cmdlet acts by itself.</summary>
    [Parameter]
    [DurationTransformation(AllowInfinite = false)]
    public TimeSpan Timeout { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }
}
