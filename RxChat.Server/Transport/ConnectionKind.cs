namespace RxChat.Server.Transport;

/// <summary>
/// A way in to the chat: how its connections are named in the log and labelled in the
/// metrics. Adding a listener of a new kind (IRC, …) is one more value here, listed in
/// <see cref="All"/> so its gauge starts at zero like the others.
/// </summary>
/// <param name="Label">The <c>kind</c> label of <c>rxchat_connections</c>.</param>
/// <param name="Noun">What the log calls one: <c>TLS connection c7 from …</c>.</param>
public sealed record ConnectionKind(string Label, string Noun)
{
    public static readonly ConnectionKind Tcp = new("tcp", "Connection");
    public static readonly ConnectionKind Tls = new("tls", "TLS connection");
    public static readonly ConnectionKind WebSocket = new("websocket", "WebSocket");
    public static readonly ConnectionKind Irc = new("irc", "IRC connection");
    public static readonly ConnectionKind IrcTls = new("ircs", "IRC TLS connection");

    public static readonly IReadOnlyList<ConnectionKind> All = [Tcp, Tls, WebSocket, Irc, IrcTls];
}
