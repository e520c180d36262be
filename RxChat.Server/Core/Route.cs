namespace RxChat.Server.Core;

/// <summary>Whether a recipient is the one the event is about, or someone told about them.</summary>
public enum Audience
{
    /// <summary>The user the event is about (the joiner is told "You joined room X").</summary>
    Subject,

    /// <summary>Everyone else who is told ("[T] bob joined the room").</summary>
    Others,
}

/// <summary>One event for a group of recipients who all see it the same way: rendered once, sent to each.</summary>
public readonly record struct Delivery(ChatEvent Event, Audience Audience, Recipients To);

public static partial class Chat
{
    private static readonly IReadOnlyList<Delivery> NoOne = [];

    /// <summary>
    /// <c>Route(event, state) → deliveries</c>: who is told about one event, and as whom.
    /// Pure; <paramref name="after"/> is the state once the event has been evolved. It names
    /// recipients on every node; each node delivers to its own connections.
    /// </summary>
    public static IReadOnlyList<Delivery> Route(ChatEvent e, ChatState after) => e switch
    {
        LoggedIn or LoginRefused or Answered or LineRefused or ClientGone => ToSubject(e),
        PasswordAsked or AccountCreated or PasswordChanged => ToSubject(e),
        JoinedRoom joined => after.FindRoom(joined.Room) is { Members.Length: > 1 } room
            ? [.. ToSubject(e), new Delivery(e, Audience.Others, Recipients.RoomMembers(room, joined.Who))]
            : ToSubject(e),
        // "left the room" goes to every other user, in any room, as in the original; the leaver
        // is told too (an IRC client is sent its own PART; the text protocol says nothing).
        LeftRoom left => [.. ToSubject(e), new Delivery(e, Audience.Others, Recipients.AllUsers(after, left.Who))],
        Said said => after.FindRoom(said.Room) is { Members.Length: > 1 } room
            ? [new Delivery(e, Audience.Others, Recipients.RoomMembers(room, said.Who))]
            : NoOne,
        // A direct message: its two parties, each once (a message to oneself is told once).
        Told told => told.To == told.Who
            ? ToSubject(e)
            : [.. ToSubject(e), new Delivery(e, Audience.Others, Recipients.Only(told.To))],
        // The whole room, the leader who set it included.
        TopicSet set => after.FindRoom(set.Room) is { } room
            ? [new Delivery(e, Audience.Others, Recipients.RoomMembers(room))]
            : NoOne,
        // The removed user, then everyone still in the room (the leader who removed them included).
        Removed removed => after.FindRoom(removed.Room) is { } room
            ? [.. ToSubject(e), new Delivery(e, Audience.Others, Recipients.RoomMembers(room))]
            : ToSubject(e),
        LeaderChanged changed => after.FindRoom(changed.Room) is { } room
            ? [new Delivery(e, Audience.Others, Recipients.RoomMembers(room))]
            : NoOne,
        NodeShuttingDown stopping => [new Delivery(e, Audience.Others, Recipients.OfNode(after, stopping.Node))],
        NodeLost lost => [new Delivery(e, Audience.Others, Recipients.OfNode(after, lost.Node))],
        _ => NoOne,
    };

    private static IReadOnlyList<Delivery> ToSubject(ChatEvent e) =>
        [new Delivery(e, Audience.Subject, Recipients.Only(e.Subject!.Value))];
}
