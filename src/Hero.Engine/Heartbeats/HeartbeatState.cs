namespace Hero.Heartbeats;

public enum HeartbeatState
{
    Running,
    Completed,
    Failed,
    Cancelled,

    /// <summary>-MaxRuntime passed before anyone stopped it.</summary>
    Expired,
}
