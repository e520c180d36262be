namespace RxChat.Server.Core;

/// <summary>
/// The chat has not heard from <paramref name="Node"/> for <see cref="ChatRules.NodeTimeout"/>
/// of log time: its clients are gone (the <see cref="ClientGone"/> and <see cref="LeftRoom"/>
/// events follow). Told to that node's own clients first: if the node was only cut off and
/// is still running, they learn why it hangs up on them and can log in again.
/// </summary>
public sealed record NodeLost(Stamp At, string Node) : ChatEvent(At);
