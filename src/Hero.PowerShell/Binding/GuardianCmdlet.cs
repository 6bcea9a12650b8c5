using System;
using System.Collections.Generic;
using System.Management.Automation;
using Hero.Guardian;
using Hero.PowerShell.Hosting;

namespace Hero.PowerShell.Binding;

/// <summary>What every guardian cmdlet but Start-HeroGuardian shares: -StateDirectory, the lookup of
/// -Name (each cmdlet declares its own: mandatory or not, wildcards or not), and the error records.</summary>
public abstract class GuardianCmdlet : HeroCmdlet
{
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? StateDirectory { get; set; }

    /// <summary>The state root: -StateDirectory, else the user's state directory.</summary>
    internal string Root => PathResolver.FileSystemPath(this, StateDirectory) ?? GuardianPaths.DefaultRoot();

    /// <summary>The guardians -Name names; a name without wildcards that matches nothing is an error.</summary>
    internal IEnumerable<GuardianPaths> Selected(IEnumerable<string> names, bool allowWildcards)
    {
        string root = Root;
        foreach (string name in names)
        {
            if (allowWildcards && WildcardPattern.ContainsWildcardCharacters(name))
            {
                foreach (string match in GuardianCatalog.Matching(root, name)) yield return new GuardianPaths(root, match);
                continue;
            }

            var paths = new GuardianPaths(root, name);
            if (GuardianPaths.NameProblem(name) is null && paths.Exists)
            {
                yield return paths;
                continue;
            }

            WriteError(Error(GuardianCatalog.NotFound(paths)));
        }
    }

    internal static ErrorRecord Error(HeroGuardianException e)
    {
        (string id, ErrorCategory category) = e.Problem switch
        {
            HeroGuardianProblem.NotFound => ("HeroGuardianNotFound", ErrorCategory.ObjectNotFound),
            HeroGuardianProblem.AlreadyRunning => ("HeroGuardianAlreadyRunning", ErrorCategory.ResourceExists),
            HeroGuardianProblem.StillRunning => ("HeroGuardianRunning", ErrorCategory.ResourceBusy),
            HeroGuardianProblem.StartFailed => ("HeroGuardianStartFailed", ErrorCategory.OpenError),
            HeroGuardianProblem.StopFailed => ("HeroGuardianStopFailed", ErrorCategory.OperationTimeout),
            _ => ("HeroGuardianServiceFailed", ErrorCategory.InvalidOperation),
        };
        return new ErrorRecord(e, id, category, e.GuardianName);
    }

    internal static ErrorRecord Invalid(HeroTaskDefinitionException e) => new(e, "HeroGuardianInvalidParameter", ErrorCategory.InvalidArgument, e.ParameterName);

    /// <summary>Runs engine work on the thread pool (Ctrl+C cancels it), with nothing to pump.</summary>
    internal T Await<T>(Func<System.Threading.CancellationToken, System.Threading.Tasks.Task<T>> work) =>
        RunPumped((_, cancel) => work(cancel));
}
