using RxChat.Server.Core;
using RxChat.Server.Protocol;
using RxChat.Server.Transport;

namespace RxChat.Server.Pipeline;

/// <summary>
/// The fold's side of the shared outbound buffer: which streams exist — everyone's, and
/// each room's, one per codec in use — which of them each of this node's connections
/// follows, and each connection's outbox. The fold keeps the following in step with the
/// chat (logged in: everyone's stream; in a room: that room's), so a broadcast is one
/// append per codec, whatever the audience's size.
/// <para>
/// A connection without an outbox of its own (the tests' fakes) gets one here, read after
/// every run and handed over line by line through <see cref="IChatConnection.Send"/>: the
/// same streams, cursors and order as a socket's writer reads.
/// </para>
/// </summary>
internal sealed class Fanout(OutboundBuffer buffer, int codecs)
{
    private readonly OutboundStream?[] _everyone = new OutboundStream?[codecs];
    private readonly Dictionary<string, OutboundStream?[]> _rooms = new(StringComparer.Ordinal);
    private readonly Dictionary<ConnectionId, Recipient> _recipients = [];
    private readonly List<Recipient> _handed = []; // connections handed each line

    /// <summary>One of this node's connections, as the delivery half knows it.</summary>
    internal sealed class Recipient(IChatConnection connection, Outbox outbox, bool handed)
    {
        public IChatConnection Connection { get; } = connection;
        public Outbox Outbox { get; } = outbox;
        public int Codec { get; } = (int)connection.Codec;
        public bool Handed { get; } = handed;
        public OutboundCursor? Everyone { get; set; }
        public string? Room { get; set; }
        public OutboundCursor? InRoom { get; set; }
        public bool HungUp { get; set; }
        public bool Forgotten { get; set; }
    }

    public OutboundBuffer Buffer { get; } = buffer;

    /// <summary>The connection's recipient, made (and its outbox attached) the first time.</summary>
    public Recipient Of(IChatConnection connection)
    {
        if (_recipients.TryGetValue(connection.Id, out var known)) return known;
        var outbox = connection.Outbox;
        var recipient = new Recipient(connection, outbox ?? new Outbox(long.MaxValue), handed: outbox is null);
        recipient.Outbox.Attach(Buffer);
        _recipients[connection.Id] = recipient;
        if (recipient.Handed) _handed.Add(recipient);
        return recipient;
    }

    public Outbox? OutboxOf(ConnectionId? id) =>
        id is { } known && _recipients.TryGetValue(known, out var recipient) ? recipient.Outbox : null;

    /// <summary>Everyone's streams, one per codec (null where nobody speaks it).</summary>
    public OutboundStream?[] Everyone => _everyone;

    /// <summary>A room's streams, one per codec, or none when nobody on this node is in it.</summary>
    public OutboundStream?[]? Room(string name) => _rooms.GetValueOrDefault(name);

    /// <summary>
    /// Keeps what the connection follows in step with the chat: everyone's lines once it is
    /// logged in, its room's lines while it is in it. A room it leaves is followed no further
    /// (what was appended before is still sent); a room it joins is followed from now on.
    /// </summary>
    public void Follow(Recipient recipient, bool loggedIn, string? room)
    {
        if (recipient.HungUp) return;
        if (loggedIn && recipient.Everyone is null)
            recipient.Everyone = recipient.Outbox.Follow(_everyone[recipient.Codec] ??= new OutboundStream(Buffer));
        else if (!loggedIn && recipient.Everyone is { } everyone)
        {
            recipient.Outbox.Unfollow(everyone);
            recipient.Everyone = null;
        }
        if (recipient.Room == room) return;
        LeaveRoom(recipient);
        if (room is null) return;
        if (!_rooms.TryGetValue(room, out var streams)) _rooms[room] = streams = new OutboundStream?[_everyone.Length];
        recipient.Room = room;
        recipient.InRoom = recipient.Outbox.Follow(streams[recipient.Codec] ??= new OutboundStream(Buffer));
    }

    /// <summary>Hung up: the connection follows nothing more, and is sent what was appended for it so far.</summary>
    public void HangUp(Recipient recipient)
    {
        if (recipient.HungUp) return;
        recipient.HungUp = true;
        LeaveRoom(recipient);
        recipient.Everyone = null;
        recipient.Outbox.Complete();
    }

    /// <summary>The connection's lines have ended: it is forgotten once what it was sent has been handed over.</summary>
    public void Forget(ConnectionId id)
    {
        if (!_recipients.TryGetValue(id, out var recipient)) return;
        HangUp(recipient);
        if (recipient.Handed)
        {
            recipient.Forgotten = true;
            return;
        }
        _recipients.Remove(id);
        Buffer.Forget(recipient.Outbox);
    }

    /// <summary>
    /// Makes the run's lines readable and wakes their writers; then hands the lines of the
    /// connections without a writer of their own over, and hangs up those that were.
    /// </summary>
    public void Publish(Action<IChatConnection, Exception> broken)
    {
        Buffer.Publish();
        if (_handed.Count == 0) return;
        foreach (var recipient in _handed.ToList())
        {
            try
            {
                while (recipient.Outbox.TryTake(out var line)) recipient.Connection.Send(line);
                if (recipient.HungUp && !recipient.Outbox.IsClosed) recipient.Connection.Hangup();
            }
            catch (Exception ex)
            {
                recipient.Outbox.Close();
                broken(recipient.Connection, ex);
            }
            if (recipient.HungUp)
            {
                recipient.Outbox.Close();
                if (recipient.Forgotten || !_recipients.ContainsKey(recipient.Connection.Id))
                {
                    _handed.Remove(recipient);
                    _recipients.Remove(recipient.Connection.Id);
                    Buffer.Forget(recipient.Outbox);
                }
            }
        }
    }

    private void LeaveRoom(Recipient recipient)
    {
        if (recipient.InRoom is { } cursor)
        {
            recipient.Outbox.Unfollow(cursor);
            if (_rooms.TryGetValue(recipient.Room!, out var streams) && streams.All(stream => stream is null or { Followers: 0 }))
                _rooms.Remove(recipient.Room!); // emptied here: a later join starts a fresh stream
        }
        recipient.Room = null;
        recipient.InRoom = null;
    }
}
