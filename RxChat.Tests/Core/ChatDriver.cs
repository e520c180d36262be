using RxChat.Server.Core;

namespace RxChat.Tests.Core;

/// <summary>
/// Drives the pure core by hand: feeds commands through Reduce and Diff, and keeps what
/// each connection was told, so a test reads like a conversation.
/// </summary>
public sealed class ChatDriver
{
    public static readonly DateTimeOffset Noon = new(2026, 11, 23, 12, 34, 56, TimeSpan.Zero);

    private readonly Dictionary<string, ConnectionId> _ids = new();
    private long _nextSequence = 1;

    public ChatState State { get; private set; } = ChatState.Empty;
    public DateTimeOffset Clock { get; set; } = Noon;

    /// <summary>(recipient, line) pairs of the last command, in delivery order.</summary>
    public List<(string To, string Line)> Told { get; } = [];

    /// <summary>Connections hung up by the last command.</summary>
    public List<string> HungUp { get; } = [];

    public ConnectionId Id(string name) => _ids[name];

    /// <summary>Accepts a connection known to the test as <paramref name="name"/> and logs it in under that name.</summary>
    public ChatDriver Connect(string name, string? username = null)
    {
        _ids[name] = new ConnectionId(_nextSequence++);
        Send(name, Connected.Instance);
        Send(name, new Login(username ?? name));
        return this;
    }

    public ChatDriver Send(string name, Command command)
    {
        var envelope = new Envelope(_ids[name], Clock, command);
        var before = State;
        State = Reducer.Reduce(before, envelope);
        Told.Clear();
        HungUp.Clear();
        foreach (var outbound in Differ.Diff(before, State, envelope))
        {
            switch (outbound)
            {
                case Deliver deliver:
                    foreach (var id in deliver.To) Told.Add((NameOf(id), deliver.Line));
                    break;
                case Hangup hangup:
                    HungUp.Add(NameOf(hangup.Who));
                    break;
            }
        }
        return this;
    }

    public ChatDriver Join(string name, string room) => Send(name, new Join(room));

    /// <summary>The lines <paramref name="name"/> was told by the last command.</summary>
    public List<string> LinesTo(string name) => Told.Where(t => t.To == name).Select(t => t.Line).ToList();

    private string NameOf(ConnectionId id) => _ids.First(pair => pair.Value == id).Key;
}
