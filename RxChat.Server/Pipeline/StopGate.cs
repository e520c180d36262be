using RxChat.Server.Core;

namespace RxChat.Server.Pipeline;

/// <summary>
/// What may still enter the log once this node's stop began. Nobody logs in any more: a login
/// (or a connection) that arrives now is dropped, so never welcomed. Once this node's goodbye is
/// in the merged stream, no connection's command but its leaving follows it: one that connected
/// meanwhile would be a new client of a node that has already said goodbye.
/// </summary>
internal sealed class StopGate(ConnectionId node)
{
    private volatile bool _stopBegan;
    private bool _goodbyeSent; // read and written only in the merged stream, which is serialized

    /// <summary>The stop began (from any thread): logins are turned away from now on.</summary>
    public void Begin() => _stopBegan = true;

    public bool Admits(ConnectionId from, Command command)
    {
        if (from == node)
        {
            _goodbyeSent |= command is NodeStopping;
            return true;
        }
        if (_goodbyeSent) return command is Disconnected;
        return !_stopBegan || command is not (Connected or Login or AskPassword or WrongPassword);
    }
}
