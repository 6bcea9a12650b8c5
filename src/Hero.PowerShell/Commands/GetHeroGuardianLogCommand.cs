using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Hero.Guardian;
using Hero.PowerShell.Binding;

namespace Hero.PowerShell.Commands;

/// <summary>The guarded command's output, from its rotating files: the last lines, and with -Wait
/// what follows as it is written (like pm2 logs), until Ctrl+C.</summary>
[Cmdlet(VerbsCommon.Get, "HeroGuardianLog")]
[OutputType(typeof(string))]
public sealed class GetHeroGuardianLogCommand : GuardianCmdlet
{
    private static readonly TimeSpan FollowPeriod = TimeSpan.FromMilliseconds(200);

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(GuardianNameCompleter))]
    public string Name { get; set; } = string.Empty;

    /// <summary>How many of the last lines; -1 for all of them.</summary>
    [Parameter]
    [ValidateRange(-1, int.MaxValue)]
    public int Tail { get; set; } = 50;

    [Parameter]
    public SwitchParameter Wait { get; set; }

    protected override void ProcessRecord()
    {
        GuardianPaths? paths = Selected([Name], allowWildcards: false).FirstOrDefault();
        if (paths is null) return;
        IReadOnlyList<string> lines = GuardianOutputReader.Tail(paths.Folder, Tail, out GuardianOutputReader follower);
        foreach (string line in lines) WriteObject(line);
        if (!Wait) return;
        while (!StopRequested)
        {
            foreach (string line in follower.ReadNew()) WriteObject(line);
            StopToken.WaitHandle.WaitOne(FollowPeriod);
        }
    }
}
