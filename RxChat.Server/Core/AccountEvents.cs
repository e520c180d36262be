namespace RxChat.Server.Core;

/// <summary>A username with an account: the connection must now send its password.</summary>
public sealed record PasswordAsked(Stamp At, ConnectionId Who, string User, bool InClear) : ChatEvent(At)
{
    public override ConnectionId? Subject => Who;
}

/// <summary>
/// An account was made (by <c>/register</c>, or by the operator: then <paramref name="Who"/>
/// is the node itself); its version is <see cref="ChatEvent.At"/>'s position.
/// </summary>
public sealed record AccountCreated(Stamp At, ConnectionId Who, string User, string Hash, bool InClear) : ChatEvent(At)
{
    public override ConnectionId? Subject => Who;
}

/// <summary>An account's password changed; its version becomes <see cref="ChatEvent.At"/>'s position.</summary>
public sealed record PasswordChanged(Stamp At, ConnectionId Who, string User, string Hash) : ChatEvent(At)
{
    public override ConnectionId? Subject => Who;
}

/// <summary>The operator removed an account; whoever is logged in under it stays, unprotected.</summary>
public sealed record AccountRemoved(Stamp At, string User) : ChatEvent(At);
