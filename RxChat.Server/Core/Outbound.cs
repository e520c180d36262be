namespace RxChat.Server.Core;

/// <summary>What the chat wants done at the edges after one command.</summary>
public abstract record Outbound
{
    private protected Outbound() { }
}

/// <summary>Send <see cref="Line"/> (without its newline) to every recipient, in order.</summary>
public sealed record Deliver(Recipients To, string Line) : Outbound
{
    public override string ToString() => $"Deliver [{string.Join(", ", To)}] \"{Line}\"";
}

/// <summary>Close this connection once what was queued for it has been sent.</summary>
public sealed record Hangup(ConnectionId Who) : Outbound;
