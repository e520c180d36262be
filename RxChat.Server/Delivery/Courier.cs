using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using RxChat.Server.Core;
using RxChat.Server.Protocol;

namespace RxChat.Server.Delivery;

/// <summary>
/// Everything from "these deliveries were decided" to "bytes on a socket", behind one door:
/// the fold hands it each event it folded (<see cref="Deliver"/>), and once per run asks it
/// to <see cref="Flush"/>. It keeps the registry of this node's live connections, renders each
/// delivery once per codec in use, appends it to the shared outbound buffer (a broadcast
/// once per codec, whatever the audience's size), and hangs up or drops connections.
/// <para>
/// Everything here runs on the fold's thread, except <see cref="Welcome"/>.
/// </para>
/// </summary>
public sealed class Courier
{
    private readonly IChatCodec[] _codecs; // by CodecKind
    private readonly IReadOnlyList<OutboundLine>?[] _rendered; // one delivery's lines per codec, rendered when first needed
    private readonly Fanout _fanout; // the shared outbound buffer, and who follows what in it
    private readonly ConcurrentDictionary<ConnectionId, IRecipient> _live = new(); // written by the accepting side, read by the fold
    private readonly ILogger _logger;
    private readonly IDeliveryMeter _meter;

    /// <param name="codecs">One of each <see cref="CodecKind"/>, in its order.</param>
    /// <param name="maxHeldBytes">The node's memory budget for lines on their way out.</param>
    public Courier(IChatCodec[] codecs, long maxHeldBytes, ILogger logger, IDeliveryMeter? meter = null)
    {
        _codecs = codecs;
        _rendered = new IReadOnlyList<OutboundLine>?[codecs.Length];
        _fanout = new Fanout(new OutboundBuffer(maxHeldBytes), codecs.Length);
        _logger = logger;
        _meter = meter ?? NoMeter.Instance;
    }

    /// <summary>The node's shared outbound buffer: what it holds, its budget, the fold's work on it (diagnostics and tests).</summary>
    public OutboundBuffer Buffer => _fanout.Buffer;

    /// <summary>Any thread: a connection of this node, to be delivered to from now on (its Connected is on its way to the log).</summary>
    public void Welcome(IRecipient connection) => _live[connection.Id] = connection;

    /// <summary>
    /// Delivers one event the fold folded to this node's connections among its recipients:
    /// first keeps what its subject follows in step with the chat after it, then renders and
    /// appends each of its deliveries, then shows a changed room to the codecs that show rooms.
    /// A connection the event says goodbye to (<see cref="ClientGone"/>) is hung up after it.
    /// </summary>
    public void Deliver(Happened happened)
    {
        var (e, _, after, deliveries) = happened;
        Follow(e, after);
        foreach (var delivery in deliveries) Deliver(delivery, after);
        if (e is JoinedRoom or LeftRoom or Removed) ShowMembers(e, after);
    }

    /// <summary>
    /// The connection's lines ended (closed, timed out, cut off): the socket closes too, if the
    /// chat had already forgotten it (a refused name), and nothing more is kept for it.
    /// </summary>
    public void Ended(ConnectionId id)
    {
        HangUp(id);
        _fanout.Forget(id);
    }

    /// <summary>
    /// Hangs up on one of this node's connections: what was appended for it is still sent,
    /// after <paramref name="lastWords"/> if given; then it is closed. False when it is not
    /// (or no longer) here.
    /// </summary>
    public bool HangUp(ConnectionId id, NodeNotice? lastWords = null)
    {
        if (!LetGo(id, out var connection)) return false;
        if (lastWords is not null) Send(connection, lastWords.For(_codecs, connection.Codec));
        var follower = _fanout.Of(connection);
        _fanout.HangUp(follower);
        try { connection.Hangup(); }
        catch (Exception ex) { Drop(connection, ex); }
        return true;
    }

    /// <summary>A line this node says on its own to one of its connections, if it is here.</summary>
    public void Notice(ConnectionId id, NodeNotice notice)
    {
        if (_live.TryGetValue(id, out var connection)) Send(connection, notice.For(_codecs, connection.Codec));
    }

    /// <summary>A line this node says on its own to every one of its connections.</summary>
    public void NoticeEveryone(NodeNotice notice)
    {
        foreach (var connection in _live.Values) Send(connection, notice.For(_codecs, connection.Codec));
    }

    /// <summary>
    /// Makes the lines of the run readable and wakes their writers (off this thread): once per
    /// run, so a writer wakes once for many lines and sends them in one write.
    /// </summary>
    public void Flush() => Buffer.Publish();

    /// <summary>
    /// Keeps what the event's subject follows in the shared buffer in step with the chat
    /// after it (logged in: everyone's lines; in a room: that room's), before anything the
    /// event causes is appended: a joiner hears its room from its join on, a leaver not after.
    /// </summary>
    private void Follow(ChatEvent e, ChatState after)
    {
        if (e.Subject is not { } who || !_live.TryGetValue(who, out var connection)) return;
        var client = after.Clients.GetValueOrDefault(who);
        _fanout.Follow(_fanout.Of(connection), client?.IsLoggedIn == true, client?.Room);
    }

    /// <summary>
    /// A broadcast (a room's members, every user) is rendered once per codec in use and
    /// appended once to the shared stream its audience follows: the same cost for a room
    /// of 2 or of 2,000. Anything else is rendered for, and sent to, each recipient.
    /// </summary>
    private void Deliver(Core.Delivery delivery, ChatState after)
    {
        switch (delivery.To)
        {
            case Recipients.Members { Room: { } room } members:
                if (_fanout.Room(room) is { } streams) Broadcast(streams, delivery, after, members.Except);
                break;
            case Recipients.Users users:
                Broadcast(_fanout.Everyone, delivery, after, users.Except);
                break;
            default:
                Array.Clear(_rendered);
                foreach (var id in delivery.To)
                {
                    if (!_live.TryGetValue(id, out var recipient)) continue; // on another node, or gone
                    int kind = (int)recipient.Codec;
                    var lines = _rendered[kind] ??= Render(_codecs[kind], delivery, after);
                    for (int i = 0; i < lines.Count; i++) Send(recipient, lines[i]);
                }
                break;
        }
        if (delivery.Event is ClientGone gone) HangUp(gone.Who);
    }

    /// <summary>
    /// A delivery to its recipients one by one, rendered now; an answer that can be large
    /// (a room's history, missed lines, the lists of rooms, users and members) is rendered when
    /// the recipient's writer reaches it (<see cref="OutboundLine.Later"/>): it never fills the
    /// asker's queue, and the fold does not spend its time wording it.
    /// </summary>
    private static IReadOnlyList<OutboundLine> Render(IChatCodec codec, Core.Delivery delivery, ChatState after) =>
        delivery.Event is Answered { Answer: HistoryLines or MissedLines or RoomList or RoomMembers or UserList } answered
            ? [OutboundLine.Later(() => codec.RenderAnswer(answered, after))]
            : codec.Render(delivery.Event, delivery.Audience, after);

    private void Broadcast(OutboundStream?[] streams, Core.Delivery delivery, ChatState after, ConnectionId? except)
    {
        var skipped = _fanout.OutboxOf(except);
        for (int kind = 0; kind < streams.Length; kind++)
        {
            if (streams[kind] is not { } stream) continue;
            AppendAll(stream, () => _codecs[kind].Render(delivery.Event, delivery.Audience, after), skipped, IsNotice(delivery.Event));
        }
    }

    /// <summary>
    /// Who came and went, and who leads: lines nobody answers, which may wait a moment for the
    /// next prompt line to carry them (<see cref="OutboundBuffer.NoticeDelay"/>). A storm of
    /// joins or leaves then costs each reader a send per moment instead of one per notice.
    /// </summary>
    private static bool IsNotice(ChatEvent e) => e is JoinedRoom or LeftRoom or LeaderChanged or ClientGone;

    /// <summary>
    /// Renders (only when someone but <paramref name="except"/> follows the stream) and appends
    /// each line once; as one view (<see cref="OutboundView"/>) when <paramref name="view"/>.
    /// </summary>
    private void AppendAll(OutboundStream stream, Func<IReadOnlyList<OutboundLine>> render, Outbox? except, bool notice = false, bool view = false)
    {
        int readers = stream.Followers - (except?.Follows(stream) == true ? 1 : 0);
        if (readers == 0) return;
        var lines = render();
        var asView = view && lines.Count > 0 ? new OutboundView() : null;
        for (int i = 0; i < lines.Count; i++)
        {
            stream.Append(lines[i], except, notice, asView);
            _meter.Delivered(readers);
        }
    }

    /// <summary>
    /// Someone joined or left a room (or was removed from it): its members (as they are now) are shown the room by the
    /// codecs that show rooms (the structured protocol's <c>room</c> object); the text protocol
    /// shows nothing unasked. It is rendered once per change and codec, shared by every member,
    /// and appended as a view: a member that has not yet been sent the previous one skips it and
    /// gets this one, so a reader behind a room filling up is sent the latest list, once, not
    /// every list since (PROTOCOL.md Part 4). The joins and leaves themselves are never skipped.
    /// </summary>
    private void ShowMembers(ChatEvent e, ChatState after)
    {
        var name = e switch
        {
            JoinedRoom joined => joined.Room,
            Removed removed => removed.Room,
            _ => ((LeftRoom)e).Room,
        };
        if (after.FindRoom(name) is not { } room) return; // emptied: no room to show
        if (_fanout.Room(name) is not { } streams) return; // nobody here is in it
        for (int kind = 0; kind < streams.Length; kind++)
        {
            if (streams[kind] is { } stream) AppendAll(stream, () => _codecs[kind].Members(room, after, e.At), except: null, notice: true, view: true);
        }
    }

    /// <summary>A line for one connection alone, appended to its own stream.</summary>
    private void Send(IRecipient recipient, OutboundLine line)
    {
        _fanout.Of(recipient).Outbox.Send(line);
        _meter.Delivered();
    }

    /// <summary>
    /// A connection that throws when hung up is broken: it is logged once, its outbox closed
    /// (its writer stops, and what only it held is freed), and delivery to everyone else goes on.
    /// </summary>
    private void Drop(IRecipient broken, Exception ex)
    {
        _logger.LogError("Error writing to {Id}; that connection is closed: {Error}", broken.Id, ex.Message);
        _fanout.Of(broken).Outbox.Close();
    }

    /// <summary>
    /// The one way a connection leaves this node's registry: whoever gets true (a goodbye, a
    /// fault, lines that ended, a start the log could not record) is the one to close it.
    /// </summary>
    private bool LetGo(ConnectionId id, out IRecipient connection) => _live.TryRemove(id, out connection!);

    private sealed class NoMeter : IDeliveryMeter
    {
        public static readonly NoMeter Instance = new();
    }
}
