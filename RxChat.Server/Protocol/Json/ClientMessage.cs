namespace RxChat.Server.Protocol;

/// <summary>One object of PROTOCOL.md Part 4, client to server; what a type does not use is ignored.</summary>
public sealed record ClientMessage
{
    public string? Type { get; init; }
    public string? Username { get; init; }
    public string? Password { get; init; }
    public string? Text { get; init; }
    public long? After { get; init; }
}
