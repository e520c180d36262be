using RxChat.Server.Core;

namespace RxChat.Server.Delivery;

/// <summary>
/// The fold's side of the shared outbound buffer: which streams exist — everyone's, and
/// each room's, one per codec in use — which of them each of this node's connections
/// follows, and each connection's outbox. The fold keeps the following in step with the
/// chat (logged in: everyone's stream; in a room: that room's), so a broadcast is one
/// append per codec, whatever the audience's size.
/// </summary>
internal sealed class Fanout(OutboundBuffer buffer, int codecs)
{
    private readonly OutboundStream?[] _everyone = new OutboundStream?[codecs];
    private readonly Dictionary<string, OutboundStream?[]> _rooms = new(StringComparer.Ordinal);
    private readonly Dictionary<ConnectionId, Follower> _followers = [];

    /// <summary>One of this node's connections, as the fan-out knows it: its outbox and what it follows.</summary>
    internal sealed class Follower(IRecipient connection)
    {
        public Outbox Outbox { get; } = connection.Outbox;
        public int Codec { get; } = (int)connection.Codec;
        public OutboundCursor? Everyone { get; set; }
        public string? Room { get; set; }
        public OutboundCursor? InRoom { get; set; }
        public bool HungUp { get; set; }
    }

    public OutboundBuffer Buffer { get; } = buffer;

    /// <summary>The connection as a follower, made (and its outbox attached) the first time.</summary>
    public Follower Of(IRecipient connection)
    {
        if (_followers.TryGetValue(connection.Id, out var known)) return known;
        var follower = new Follower(connection);
        follower.Outbox.Attach(Buffer);
        _followers[connection.Id] = follower;
        return follower;
    }

    public Outbox? OutboxOf(ConnectionId? id) =>
        id is { } known && _followers.TryGetValue(known, out var follower) ? follower.Outbox : null;

    /// <summary>Everyone's streams, one per codec (null where nobody speaks it).</summary>
    public OutboundStream?[] Everyone => _everyone;

    /// <summary>A room's streams, one per codec, or none when nobody on this node is in it.</summary>
    public OutboundStream?[]? Room(string name) => _rooms.GetValueOrDefault(name);

    /// <summary>
    /// Keeps what the connection follows in step with the chat: everyone's lines once it is
    /// logged in, its room's lines while it is in it. A room it leaves is followed no further
    /// (what was appended before is still sent); a room it joins is followed from now on.
    /// </summary>
    public void Follow(Follower follower, bool loggedIn, string? room)
    {
        if (follower.HungUp) return;
        if (loggedIn && follower.Everyone is null)
            follower.Everyone = follower.Outbox.Follow(_everyone[follower.Codec] ??= new OutboundStream(Buffer));
        else if (!loggedIn && follower.Everyone is { } everyone)
        {
            everyone.Stream.Unfollow(everyone); // what it held before now is still sent, nothing after
            follower.Everyone = null;
        }
        if (follower.Room == room) return;
        LeaveRoom(follower);
        if (room is null) return;
        if (!_rooms.TryGetValue(room, out var streams)) _rooms[room] = streams = new OutboundStream?[_everyone.Length];
        follower.Room = room;
        follower.InRoom = follower.Outbox.Follow(streams[follower.Codec] ??= new OutboundStream(Buffer));
    }

    /// <summary>Hung up: the connection follows nothing more, and is sent what was appended for it so far.</summary>
    public void HangUp(Follower follower)
    {
        if (follower.HungUp) return;
        follower.HungUp = true;
        LeaveRoom(follower);
        follower.Everyone = null;
        follower.Outbox.Complete();
    }

    /// <summary>The connection's lines have ended: it follows nothing more, and is forgotten.</summary>
    public void Forget(ConnectionId id)
    {
        if (!_followers.Remove(id, out var follower)) return;
        HangUp(follower);
        Buffer.Forget(follower.Outbox);
    }

    private void LeaveRoom(Follower follower)
    {
        if (follower.InRoom is { } cursor)
        {
            cursor.Stream.Unfollow(cursor);
            if (_rooms.TryGetValue(follower.Room!, out var streams) && streams.All(stream => stream is null or { Followers: 0 }))
                _rooms.Remove(follower.Room!); // emptied here: a later join starts a fresh stream
        }
        follower.Room = null;
        follower.InRoom = null;
    }
}
