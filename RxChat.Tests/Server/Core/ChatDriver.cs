using RxChat.Server.Core;
using RxChat.Server.Protocol;

namespace RxChat.Tests.Server.Core;

/// <summary>
/// Drives the pure core by hand: each command becomes the next log entry, is stepped
/// (<see cref="Chat.Step"/>: decided, evolved and routed, as the pipeline does), and what each connection is told is rendered by the text codec, so a
/// test reads like a conversation — and checks the core's decisions in the protocol's words.
/// </summary>
public sealed class ChatDriver(ChatRules? rules = null)
{
    public static readonly DateTimeOffset Noon = new(2026, 11, 23, 12, 34, 56, TimeSpan.Zero);

    private readonly Dictionary<string, ConnectionId> _ids = new();
    private readonly TextCodec _codec = new(TimeZoneInfo.Utc);
    private long _nextNumber = 1;
    private long _position;

    public ChatState State { get; private set; } = ChatState.Create(rules ?? ChatRules.Default);
    public DateTimeOffset Clock { get; set; } = Noon;

    /// <summary>The events the last command caused, in order.</summary>
    public IReadOnlyList<ChatEvent> Events { get; private set; } = [];

    /// <summary>(recipient, line) pairs of the last command, in delivery order.</summary>
    public List<(string To, string Line)> Told { get; } = [];

    /// <summary>Connections the chat forgot with the last command (their sockets close).</summary>
    public List<string> HungUp { get; } = [];

    public ConnectionId Id(string name) => _ids[name];

    /// <summary>Accepts a connection known to the test as <paramref name="name"/> and logs it in under that name.</summary>
    public ChatDriver Connect(string name, string? username = null, string node = "local")
    {
        _ids[name] = new ConnectionId(node, _nextNumber++);
        Send(name, Connected.Instance);
        Send(name, new Login(username ?? name));
        return this;
    }

    /// <summary>Accepts a connection without logging it in (its first line is still to come).</summary>
    public ChatDriver ConnectOnly(string name, string node = "local")
    {
        _ids[name] = new ConnectionId(node, _nextNumber++);
        return Send(name, Connected.Instance);
    }

    public ChatDriver Send(string name, Command command) => Append(_ids[name], command);

    /// <summary>An entry from a node itself (start, stop).</summary>
    public ChatDriver FromNode(string node, Command command) => Append(ConnectionId.NodeItself(node), command);

    public ChatDriver Join(string name, string room) => Send(name, new Join(room));

    public ChatDriver Say(string name, string text) => Send(name, new Say(text));

    /// <summary>The lines <paramref name="name"/> was told by the last command.</summary>
    public List<string> LinesTo(string name) => Told.Where(t => t.To == name).Select(t => t.Line).ToList();

    private ChatDriver Append(ConnectionId from, Command command)
    {
        var entry = new LogEntry(++_position, Clock, from, command);
        Told.Clear();
        HungUp.Clear();
        var step = Chat.Step(State, entry);
        foreach (var happened in step.Happened)
        {
            foreach (var delivery in happened.Deliveries)
            {
                var lines = _codec.Render(delivery.Event, delivery.Audience);
                foreach (var id in delivery.To)
                    if (NameOf(id) is { } to)
                        foreach (var line in lines) Told.Add((to, line));
            }
            if (happened.Event is ClientGone gone && NameOf(gone.Who) is { } name) HungUp.Add(name);
        }
        Events = [.. step.Events];
        State = step.State;
        return this;
    }

    private string? NameOf(ConnectionId id) => _ids.FirstOrDefault(pair => pair.Value == id).Key;
}
