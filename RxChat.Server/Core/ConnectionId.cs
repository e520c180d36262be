namespace RxChat.Server.Core;

/// <summary>
/// Identifies one accepted connection across every node: the node that accepted it and
/// that node's own count. It is identity only: who "connected earliest" is decided by the
/// log position of the connection's <see cref="Connected"/> entry (<see cref="Client.Since"/>),
/// never by comparing these numbers, which are unrelated across nodes.
/// </summary>
public readonly record struct ConnectionId(string Node, long Number)
{
    /// <summary>The node itself, as the sender of its own entries (start, stop); connections count from 1.</summary>
    public static ConnectionId NodeItself(string node) => new(node, 0);

    public override string ToString() => $"{Node}#{Number}";
}
