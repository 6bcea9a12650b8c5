using System.Collections.Generic;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using Hero.Heartbeats;

namespace Hero.PowerShell.Heartbeats;

/// <summary>Ties each heartbeat to the runspace that started it, so closing the runspace stops its
/// timers even when the script never called Stop-HeroHeartbeat.</summary>
internal static class RunspaceHeartbeats
{
    private static readonly ConditionalWeakTable<Runspace, List<HeroHeartbeat>> s_byRunspace = new();

    public static void Track(Runspace runspace, HeroHeartbeat heartbeat)
    {
        bool first = false;
        List<HeroHeartbeat> list = s_byRunspace.GetValue(runspace, _ =>
        {
            first = true;
            return [];
        });
        lock (list)
        {
            list.RemoveAll(h => h.State != HeartbeatState.Running);
            list.Add(heartbeat);
        }

        if (first)
        {
            runspace.StateChanged += (_, e) =>
            {
                if (e.RunspaceStateInfo.State is RunspaceState.Closing or RunspaceState.Closed or RunspaceState.Broken)
                {
                    StopAll(runspace);
                }
            };
        }
    }

    private static void StopAll(Runspace runspace)
    {
        if (!s_byRunspace.TryGetValue(runspace, out List<HeroHeartbeat>? list)) return;
        lock (list)
        {
            foreach (HeroHeartbeat heartbeat in list)
            {
                heartbeat.Stop(HeartbeatState.Cancelled);
            }

            list.Clear();
        }
    }
}
