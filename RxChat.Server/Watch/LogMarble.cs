namespace RxChat.Server.Watch;

/// <summary>
/// One entry of the log as the <c>/log</c> page draws it: a column of the marble diagram.
/// It says who sent what kind of command and what it did, never what it carried: a chat line's
/// text is shown (anyone who joins the room reads it), but no password, account or private
/// detail leaves the server this way.
/// </summary>
/// <param name="Seq">The entry's position in the log.</param>
/// <param name="Time">Its time (UTC), as the log gave it.</param>
/// <param name="Node">The node that wrote it.</param>
/// <param name="Lane">Its sender's lane: a connection (<c>n1#12</c>) or the node itself (<c>n1#0</c>).</param>
/// <param name="Command">The command's kind (<c>say</c>, <c>join</c>, <c>heartbeat</c>, …).</param>
/// <param name="Events">What it did, in order; none for an entry that only moved the log on.</param>
public sealed record LogMarble(long Seq, DateTimeOffset Time, string Node, string Lane, string Command, IReadOnlyList<MarbleEvent> Events);

/// <summary>One event of an entry, on the lane of the connection it is about.</summary>
/// <param name="Kind">The event's kind (<c>joined-room</c>, <c>said</c>, <c>leader-changed</c>, …).</param>
/// <param name="User">The user it is about, when logged in.</param>
/// <param name="Room">The room, for room events.</param>
/// <param name="Text">The line said in a room; null for everything else.</param>
public sealed record MarbleEvent(string Kind, string Lane, string? User, string? Room = null, string? Text = null);
