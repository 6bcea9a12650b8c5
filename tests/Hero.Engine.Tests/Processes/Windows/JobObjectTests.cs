using System.Runtime.Versioning;
using Hero.Processes.Windows;
using Hero.Tests.Support;

namespace Hero.Tests.Processes.Windows;

[SupportedOSPlatform("windows")]
public class JobObjectTests
{
    /// <summary>Process.Start hands every inheritable handle to the child it starts; a child holding
    /// the job would keep it open, and the tree alive, after the host died.</summary>
    [WindowsFact]
    public void The_job_handle_is_never_inherited_by_a_child()
    {
        using var job = new JobObject();
        Assert.False(job.IsInheritable);
    }
}
