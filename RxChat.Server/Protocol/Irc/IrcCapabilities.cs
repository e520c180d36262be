namespace RxChat.Server.Protocol;

/// <summary>The IRCv3 capabilities a client may take (<c>CAP REQ</c>), as <c>IrcLines.Capabilities</c> offers them.</summary>
[Flags]
public enum IrcCapabilities
{
    None = 0,
    /// <summary><c>server-time</c>: lines carry <c>@time=</c>, so replayed history shows when it was said.</summary>
    ServerTime = 1,
    /// <summary><c>message-tags</c>: the client reads tags at all.</summary>
    MessageTags = 2,
    /// <summary><c>batch</c>: history on join comes inside a <c>chathistory</c> batch.</summary>
    Batch = 4,
    /// <summary><c>sasl</c>: the account's password by <c>AUTHENTICATE PLAIN</c>.</summary>
    Sasl = 8,
}

/// <summary>Capability names to flags and back.</summary>
public static class IrcCapabilityNames
{
    public static IrcCapabilities? Parse(string name) => name.ToLowerInvariant() switch
    {
        "server-time" => IrcCapabilities.ServerTime,
        "message-tags" => IrcCapabilities.MessageTags,
        "batch" => IrcCapabilities.Batch,
        "sasl" => IrcCapabilities.Sasl,
        _ => null,
    };

    public static string Names(IrcCapabilities caps) => string.Join(' ',
        RxChat.Protocol.IrcLines.Capabilities.Where(name => Parse(name) is { } flag && caps.HasFlag(flag)));
}
