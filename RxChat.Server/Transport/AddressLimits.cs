namespace RxChat.Server.Transport;

/// <summary>
/// How much one remote address may take: open connections at once, and new connections per
/// minute. One host (a script reconnecting in a loop, a crowd behind one NAT) must not be
/// able to take every connection slot. 0 turns a bound off.
/// </summary>
/// <param name="MaxOpen">Connections one address may hold open at once.</param>
/// <param name="NewPerMinute">Connections one address may open per minute (a burst of this many, then one every 60/n s).</param>
/// <param name="ExemptLoopback">Whether connections from this machine (127.0.0.0/8, ::1) skip both bounds.</param>
public sealed record AddressLimits(int MaxOpen = 50, int NewPerMinute = 60, bool ExemptLoopback = false)
{
    public static readonly AddressLimits Default = new();
}
