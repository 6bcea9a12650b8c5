using System;
using System.Threading;

namespace Hero.Processes;

/// <summary>One live kill group as the registry knows it: the child that leads it, its environment
/// marker (Unix), the grace it gets when the host exits, and who to tell when that happens.</summary>
internal sealed class KillGroup
{
    private Action? _onHostExit;

    public KillGroup(IChildProcess child, string? marker, TimeSpan grace)
    {
        Child = child;
        Marker = marker;
        Grace = grace < TimeSpan.Zero ? TimeSpan.Zero : grace;
    }

    public IChildProcess Child { get; }

    public string? Marker { get; }

    public TimeSpan Grace { get; }

    /// <summary>Grace bounded to what a host exit allows.</summary>
    public TimeSpan HostExitGrace => KillGroupRegistry.BoundToHostExit(Grace);

    internal void Watch(Action? onHostExit) => Volatile.Write(ref _onHostExit, onHostExit);

    /// <summary>True once the attempt that runs the group watches it.</summary>
    internal bool HasOwner => Volatile.Read(ref _onHostExit) is not null;

    /// <summary>Tells the group's owner (the attempt that runs it) to stop it; false when nobody
    /// watches it, so the host exit must stop it itself.</summary>
    internal bool TryNotifyHostExit()
    {
        Action? owner = Volatile.Read(ref _onHostExit);
        if (owner is null) return false;
        owner();
        return true;
    }
}
