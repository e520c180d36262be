using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RxChat.Tests.Conformance;

/// <summary>A deliberate bug the <see cref="PartOneServer"/> can be built with.</summary>
public enum PartOneBug
{
    None,

    /// <summary>A room's leader is whoever created it, until it empties: nobody takes over, nobody is announced.</summary>
    NoReelection,

    /// <summary>Moving rooms, the new room hears the join before everyone hears the leave.</summary>
    JoinLinesSwapped,

    /// <summary>Stamped lines go out without their <c>[HH:MM:SS]</c>.</summary>
    TimestampsMissing,
}

/// <summary>
/// A chat server of some eighty lines, as a student might write from PROTOCOL.md's Part 1 plus
/// leader announcements, and nothing of RxChat's code: the conformance runner must pass it, and
/// fail it in the right places when it is built with a <see cref="PartOneBug"/>. One lock
/// orders everything, as the original's single loop did.
/// </summary>
public sealed class PartOneServer : IAsyncDisposable
{
    private readonly PartOneBug _bug;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Lock _lock = new();
    private readonly List<Session> _sessions = [];           // in connection order
    private readonly Dictionary<string, string> _leaders = []; // room -> its leader as last told
    private readonly Task _accepting;

    private sealed class Session(Socket socket)
    {
        public Socket Socket { get; } = socket;
        public string? Name { get; set; }
        public string? Room { get; set; }
    }

    public PartOneServer(PartOneBug bug = PartOneBug.None)
    {
        _bug = bug;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var session = new Session(await _listener.AcceptSocketAsync());
                lock (_lock) _sessions.Add(session);
                _ = ServeAsync(session);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException) { /* stopped */ }
    }

    private async Task ServeAsync(Session session)
    {
        try
        {
            using var reader = new StreamReader(new NetworkStream(session.Socket, ownsSocket: false), Encoding.UTF8);
            while (await reader.ReadLineAsync() is { } line)
            {
                lock (_lock) Handle(session, line.Trim());
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException) { /* a reset is a disconnect */ }
        lock (_lock)
        {
            _sessions.Remove(session);
            if (session.Room is { } room) Leave(session, room);
        }
        session.Socket.Close();
    }

    private void Handle(Session s, string line)
    {
        if (line.Length == 0) return;
        if (s.Name is null)
        {
            s.Name = line;
            Send(s, "Welcome to the chat server!");
            return;
        }
        switch (line)
        {
            case "/users": Send(s, $"Users: {string.Join(", ", LoggedIn().Select(u => u.Name))}"); break;
            case "/room": Send(s, s.Room is { } room ? $"You are in room {room}" : "You are not in any room"); break;
            case "/join": Send(s, "Usage: /join <room>"); break;
            case "/leader": Send(s, s.Room is { } mine ? $"Leader of room {mine}: {_leaders[mine]}" : "No leader (join a room first)"); break;
            case var join when join.StartsWith("/join ", StringComparison.Ordinal): Join(s, join["/join ".Length..].Trim()); break;
            case var other when other.StartsWith('/'): Send(s, "Unknown command"); break;
            default:
                if (s.Room is { } here) foreach (var member in Members(here).Where(m => m != s)) Send(member, Stamped($"{s.Name}: {line}"));
                else Send(s, "Join a room first using /join <room>");
                break;
        }
    }

    private void Join(Session s, string room)
    {
        var joined = Stamped($"{s.Name} joined the room");
        var newcomers = Members(room).ToList();
        if (_bug == PartOneBug.JoinLinesSwapped) foreach (var member in newcomers) Send(member, joined);
        if (s.Room is { } old) Leave(s, old);
        s.Room = room;
        Send(s, $"You joined room {room}");
        if (_bug != PartOneBug.JoinLinesSwapped) foreach (var member in newcomers) Send(member, joined);
        Elect(room);
    }

    /// <summary>Everyone else logged in hears it, in any room; then the room may have a new leader.</summary>
    private void Leave(Session s, string room)
    {
        s.Room = null;
        foreach (var other in LoggedIn().Where(u => u != s)) Send(other, Stamped($"{s.Name} left the room {room}"));
        Elect(room);
    }

    /// <summary>The earliest-connected member leads; a change while the room goes on is announced to it.</summary>
    private void Elect(string room)
    {
        var members = Members(room).ToList();
        var had = _leaders.GetValueOrDefault(room);
        if (members.Count == 0) { _leaders.Remove(room); return; }
        if (had is not null && (_bug == PartOneBug.NoReelection)) return;
        var leader = members[0].Name!;
        _leaders[room] = leader;
        if (had is not null && had != leader) foreach (var member in members) Send(member, Stamped($"{leader} is now the leader of {room}"));
    }

    private IEnumerable<Session> LoggedIn() => _sessions.Where(u => u.Name is not null);

    private IEnumerable<Session> Members(string room) => _sessions.Where(u => u.Room == room);

    private string Stamped(string text) => _bug == PartOneBug.TimestampsMissing ? text : $"[{DateTime.Now:HH:mm:ss}] {text}";

    private static void Send(Session to, string line)
    {
        try { to.Socket.Send(Encoding.UTF8.GetBytes(line + "\n")); }
        catch (Exception e) when (e is SocketException or ObjectDisposedException) { /* it is leaving; its reader will say so */ }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        await _accepting;
        lock (_lock) foreach (var s in _sessions) s.Socket.Close();
    }
}
